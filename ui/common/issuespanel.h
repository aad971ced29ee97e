#pragma once

#include "common/diagnostic.h"

#include <QTreeWidget>

namespace sift {

// Lists diagnostics (errors first) and reports which one the user activates, so a workspace can
// jump to the file and line it points at.
class IssuesPanel : public QTreeWidget
{
    Q_OBJECT

public:
    explicit IssuesPanel(QWidget *parent = nullptr);
    void setDiagnostics(const Diagnostics &diagnostics);

Q_SIGNALS:
    void diagnosticActivated(const sift::Diagnostic &diagnostic);

private:
    Diagnostics m_diagnostics;
};

} // namespace sift
