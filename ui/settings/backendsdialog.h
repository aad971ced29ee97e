#pragma once

#include "llm/backendprobe.h"
#include "project/manifest.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace sift {

class BackendChecker;
class SecretStore;

// The project's LLM backends: provider, model and address as sift.yaml has them, where each key
// comes from, and whether each backend answers. A key typed here goes to the system keychain under
// the name sift.yaml gives (api_key_env), never to a file; the field is emptied once it is stored.
class BackendsDialog : public QDialog
{
    Q_OBJECT

public:
    BackendsDialog(QList<BackendConfig> backends, QString databasePath, SecretStore *keychain, BackendChecker *checker,
                   QWidget *parent = nullptr);

    // The last report of each backend checked while the dialog was open.
    QHash<QString, ProbeReport> reports() const { return m_reports; }
    void checkAll(bool full);
    // Stores the key typed for the selected backend in the keychain.
    void storeKey();
    void removeKey();
    QString statusText() const;

Q_SIGNALS:
    void reportsChanged();

private:
    void fill();
    void selectionChanged();
    void showReport(const ProbeReport &report);
    const BackendConfig *selected() const;

    QList<BackendConfig> m_backends;
    QString m_databasePath;
    SecretStore *m_keychain;
    BackendChecker *m_checker;
    QHash<QString, ProbeReport> m_reports;
    QTableWidget *m_table;
    QLabel *m_keyLabel;
    QLineEdit *m_key;
    QPushButton *m_store;
    QPushButton *m_remove;
    QPushButton *m_lookUp;
    QPushButton *m_fullCheck;
    QLabel *m_status;
};

} // namespace sift
