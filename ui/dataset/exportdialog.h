#pragma once

#include "project/project.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace sift {

class BackgroundTask;

// File > Export: the format, which transcripts, where to write; the export then runs off the UI
// thread with a progress bar and a Cancel button (a cancelled export writes nothing). The dialog
// keeps its own copy of the project, so a reload meanwhile changes nothing under it.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ExportDialog(const Project &project, QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setFormat(const QString &name);      // openai | sharegpt | dpo
    void setInclude(const QString &name);     // passed | all
    void setOutput(const QString &file);      // empty: the project folder's default names
    void startExport();
    void cancelExport();
    bool isExporting() const;
    QString statusText() const;

    // Cancel while exporting stops the export; otherwise it closes the dialog.
    void reject() override;

Q_SIGNALS:
    void exportFinished(bool ok);

private:
    void chooseOutput();
    void finish(bool ok, const QString &message);

    Project m_project;
    BackgroundTask *m_task;
    QComboBox *m_format;
    QComboBox *m_include;
    QLineEdit *m_output;
    QPushButton *m_browse;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_export;
    QPushButton *m_cancel;
    QDialogButtonBox *m_buttons;
};

} // namespace sift
