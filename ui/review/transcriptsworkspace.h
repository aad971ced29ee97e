#pragma once

#include "workspace.h"

#include <memory>

class QLabel;
class QTableWidget;
class QTextBrowser;
class QTreeWidget;

namespace sift {

class ProjectStore;

// The Review workspace: the project's transcripts, one conversation with its turns and the flaws
// the simulated user was given, and every judge's verdict per criterion. Sample data is labelled.
class TranscriptsWorkspace : public Workspace
{
    Q_OBJECT

public:
    explicit TranscriptsWorkspace(QWidget *parent = nullptr);
    ~TranscriptsWorkspace() override;
    QString title() const override { return tr("Review"); }
    void setProject(const Project *project) override;

    int transcriptCount() const;
    // Selects a transcript by its id; false if the store has none with that id.
    bool showTranscript(const QString &uid);

private:
    void reloadList();
    void showCurrent();
    void showVerdictDetail(int row, int column);

    const Project *m_project = nullptr;
    std::unique_ptr<ProjectStore> m_store;
    QTreeWidget *m_list;
    QLabel *m_header;
    QTextBrowser *m_conversation;
    QTableWidget *m_verdicts;
    QTextBrowser *m_verdictDetail;
};

} // namespace sift
