#pragma once

#include "common/diagnostic.h"

#include <QLabel>

namespace sift {

// The findings about one part of a form (a value, a criterion), shown right under its fields:
// errors and warnings with their hints, in the words of the Issues panel.
class InlineIssues : public QLabel
{
    Q_OBJECT

public:
    explicit InlineIssues(QWidget *parent = nullptr);
    void setDiagnostics(const Diagnostics &diagnostics);
    const Diagnostics &diagnostics() const { return m_diagnostics; }

    // Marks a field as having an error or warning (a coloured frame and the message as tooltip),
    // or clears the mark when `diagnostics` is empty. The field's "issue" property says which.
    static void markField(QWidget *field, const Diagnostics &diagnostics);

    // For a row of a tree or table with findings: a red (error) or amber (warning) dot as its
    // decoration (an empty QVariant when there are none, so clean rows keep no icon space), and the
    // findings one a line, as its tooltip.
    static QVariant rowDecoration(const Diagnostics &diagnostics);
    static QString summary(const Diagnostics &diagnostics);
    // The colours errors and warnings are marked with, everywhere in the editors.
    static QColor colour(bool error);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // Form layouts size a wrapped label's row for a narrower width than it gets; its height is
    // pinned to what the text needs at its actual width, and follows that width both ways.
    void fitHeight();

    Diagnostics m_diagnostics;
};

} // namespace sift
