#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace sift {

// A slim bar above an editor that says something needs attention (the file changed on disk, the
// source does not parse) and offers what to do, without a modal dialog in the way.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Information,
        Warning,
        Error
    };

    explicit MessageBar(QWidget *parent = nullptr);

    // Shows `text`; previous buttons are removed.
    void showMessage(Kind kind, const QString &text);
    // Adds a button to the message shown; `objectName` lets tests find it.
    QPushButton *addButton(const QString &text, const QString &objectName);
    void dismiss();
    QString text() const;

private:
    QLabel *m_label;
    QHBoxLayout *m_buttons;
};

} // namespace sift
