#pragma once

#include "common/linediff.h"

#include <QTableWidget>

namespace sift {

// Two versions of a prompt side by side, line against line: the old version's line numbers and text
// on the left, the new one's on the right, removed lines red, added green, changed amber.
class VersionDiffTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column
    {
        OldLineColumn,
        OldTextColumn,
        NewLineColumn,
        NewTextColumn,
        ColumnCount
    };

    explicit VersionDiffTable(QWidget *parent = nullptr);
    void setTexts(const QString &oldText, const QString &newText, const QString &oldTitle,
                  const QString &newTitle);
    const QList<DiffRow> &rows() const { return m_rows; }

protected:
    // Long lines wrap; their rows grow to fit the width the panel has.
    void resizeEvent(QResizeEvent *event) override;

private:
    QList<DiffRow> m_rows;
};

} // namespace sift
