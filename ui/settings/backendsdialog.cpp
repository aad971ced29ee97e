#include "backendsdialog.h"

#include "llm/backendchecker.h"
#include "llm/keys.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sift {

namespace {
enum Column { NameColumn, ProviderColumn, ModelColumn, AddressColumn, KeyColumn, StatusColumn, ColumnCount };
}

BackendsDialog::BackendsDialog(QList<BackendConfig> backends, QString databasePath, SecretStore *keychain,
                               BackendChecker *checker, QWidget *parent)
    : QDialog(parent), m_backends(std::move(backends)), m_databasePath(std::move(databasePath)), m_keychain(keychain),
      m_checker(checker), m_table(new QTableWidget), m_keyLabel(new QLabel), m_key(new QLineEdit),
      m_store(new QPushButton(tr("Store in System Keychain"))), m_remove(new QPushButton(tr("Remove from Keychain"))),
      m_lookUp(new QPushButton(tr("Check Connection"))), m_fullCheck(new QPushButton(tr("Full Check (a few tokens)"))),
      m_status(new QLabel)
{
    setObjectName(QStringLiteral("backendsDialog"));
    setWindowTitle(tr("Backends"));
    m_table->setObjectName(QStringLiteral("backendTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Backend"), tr("Provider"), tr("Model"), tr("Address"), tr("Key"), tr("Status")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_key->setObjectName(QStringLiteral("backendKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    m_store->setObjectName(QStringLiteral("storeKey"));
    m_remove->setObjectName(QStringLiteral("removeKey"));
    m_lookUp->setObjectName(QStringLiteral("lookUpBackends"));
    m_lookUp->setToolTip(tr("Asks each backend for its model list: free, and tells whether it answers and knows the model"));
    m_fullCheck->setObjectName(QStringLiteral("checkBackends"));
    m_fullCheck->setToolTip(tr("Also sends a tiny chat request and one constrained by a JSON Schema, to see that structured "
                               "output is really enforced (what sift-cli backends --check does)"));
    m_status->setObjectName(QStringLiteral("backendsStatus"));
    m_status->setWordWrap(true);

    auto *note = new QLabel(tr("Provider, model, address and limits live in sift.yaml (Design workspace, Project settings). "
                               "Keys never go to a file: an environment variable named by api_key_env comes first, then the "
                               "system keychain entry of that name."));
    note->setWordWrap(true);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyLabel);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_store);
    keyRow->addWidget(m_remove);
    auto *checks = new QHBoxLayout;
    checks->addWidget(m_lookUp);
    checks->addWidget(m_fullCheck);
    checks->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table, 1);
    layout->addLayout(keyRow);
    layout->addLayout(checks);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(900, 420);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BackendsDialog::selectionChanged);
    connect(m_key, &QLineEdit::textChanged, this, &BackendsDialog::selectionChanged);
    connect(m_store, &QPushButton::clicked, this, &BackendsDialog::storeKey);
    connect(m_remove, &QPushButton::clicked, this, &BackendsDialog::removeKey);
    connect(m_lookUp, &QPushButton::clicked, this, [this] { checkAll(false); });
    connect(m_fullCheck, &QPushButton::clicked, this, [this] { checkAll(true); });
    connect(m_checker, &BackendChecker::reportReady, this, &BackendsDialog::showReport);
    connect(m_checker, &BackendChecker::finished, this, [this] {
        m_status->setText(tr("Checked."));
        selectionChanged();
    });
    fill();
    if (!m_backends.isEmpty())
        m_table->selectRow(0);
    selectionChanged();
}

void BackendsDialog::fill()
{
    m_table->setRowCount(int(m_backends.size()));
    for (int row = 0; row < m_backends.size(); ++row) {
        const BackendConfig &b = m_backends[row];
        const QStringList texts = {b.name, b.provider, b.model, b.baseUrl,
                                   b.apiKeyEnv.isEmpty() ? tr("none needed") : b.apiKeyEnv, tr("not checked")};
        for (int c = 0; c < ColumnCount; ++c)
            m_table->setItem(row, c, new QTableWidgetItem(texts[c]));
    }
    m_table->resizeColumnsToContents();
}

const BackendConfig *BackendsDialog::selected() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : &m_backends.at(rows.first().row());
}

void BackendsDialog::selectionChanged()
{
    const BackendConfig *b = selected();
    const bool needsKey = b && !b->apiKeyEnv.isEmpty();
    m_keyLabel->setText(needsKey ? tr("Key for %1 (%2):").arg(b->name, b->apiKeyEnv)
                                 : (b ? tr("%1 needs no key.").arg(b->name) : tr("Select a backend.")));
    m_key->setEnabled(needsKey && m_keychain);
    m_store->setEnabled(needsKey && m_keychain && !m_key->text().isEmpty());
    m_remove->setEnabled(needsKey && m_keychain);
    const bool idle = !m_checker->isRunning();
    m_lookUp->setEnabled(idle && !m_backends.isEmpty());
    m_fullCheck->setEnabled(idle && !m_backends.isEmpty());
    if (!m_keychain && needsKey)
        m_status->setText(tr("The system keychain is turned off (SIFT_NO_KEYCHAIN): set %1 in the environment instead.")
                              .arg(b->apiKeyEnv));
}

void BackendsDialog::checkAll(bool full)
{
    if (!m_checker->check(m_backends, m_databasePath, full ? BackendChecker::Depth::Full : BackendChecker::Depth::Lookup))
        return;
    for (int row = 0; row < m_backends.size(); ++row)
        m_table->item(row, StatusColumn)->setText(tr("checking..."));
    m_status->setText(full ? tr("Checking every backend (a few tokens each)...") : tr("Asking every backend for its models..."));
    selectionChanged();
}

void BackendsDialog::showReport(const ProbeReport &r)
{
    m_reports.insert(r.backend, r);
    for (int row = 0; row < m_backends.size(); ++row) {
        if (m_backends[row].name != r.backend)
            continue;
        QString status;
        if (!r.reachable)
            status = tr("\u2717 not reachable: %1").arg(r.chatProblem.isEmpty() ? r.modelProblem : r.chatProblem);
        else if (!r.modelPresent)
            status = tr("\u2717 answers, but: %1").arg(r.modelProblem);
        else
            status = tr("\u2713 reachable (%1 ms), model present").arg(r.latencyMs);
        if (r.reachable && r.structured != ProbeReport::Structured::Unknown)
            status += tr("; structured output %1").arg(ProbeReport::structuredName(r.structured));
        m_table->item(row, StatusColumn)->setText(status);
        m_table->item(row, StatusColumn)->setToolTip(r.structuredDetail.isEmpty() ? status : status + QLatin1Char('\n') + r.structuredDetail);
        m_table->item(row, KeyColumn)->setText(r.keySource.isEmpty() ? m_backends[row].apiKeyEnv : r.keySource);
    }
    Q_EMIT reportsChanged();
}

void BackendsDialog::storeKey()
{
    const BackendConfig *b = selected();
    if (!b || b->apiKeyEnv.isEmpty() || !m_keychain || m_key->text().isEmpty())
        return;
    const QString name = b->apiKeyEnv;
    const QByteArray key = m_key->text().trimmed().toUtf8();
    // The field forgets the key at once; only the keychain keeps it.
    m_key->clear();
    m_status->setText(tr("Storing the key for %1 in the system keychain...").arg(name));
    m_keychain->write(name, key, this, [this, name](const QString &problem) {
        if (!problem.isEmpty()) {
            m_status->setText(tr("The keychain did not store the key: %1. Set %2 in the environment instead.").arg(problem, name));
            return;
        }
        m_status->setText(tr("Stored in the system keychain as %1.").arg(name));
        checkAll(false);
    });
}

void BackendsDialog::removeKey()
{
    const BackendConfig *b = selected();
    if (!b || b->apiKeyEnv.isEmpty() || !m_keychain)
        return;
    const QString name = b->apiKeyEnv;
    m_keychain->remove(name, this, [this, name](const QString &problem) {
        m_status->setText(problem.isEmpty() ? tr("Removed %1 from the system keychain.").arg(name)
                                            : tr("The keychain did not remove %1: %2").arg(name, problem));
    });
}

QString BackendsDialog::statusText() const
{
    return m_status->text();
}

} // namespace sift
