#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sift {

MessageBar::MessageBar(QWidget *parent) : QFrame(parent), m_label(new QLabel), m_buttons(new QHBoxLayout)
{
    setFrameShape(QFrame::StyledPanel);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addLayout(m_buttons);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString &text)
{
    while (QLayoutItem *item = m_buttons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    static const char *const styles[] = {
        "sift--MessageBar { background: #e8f1fb; border: 1px solid #9cc3ea; }",
        "sift--MessageBar { background: #fff4d6; border: 1px solid #e3c36b; }",
        "sift--MessageBar { background: #fde8e8; border: 1px solid #e39a9a; }",
    };
    setStyleSheet(QString::fromLatin1(styles[int(kind)]));
    m_label->setText(text);
    show();
}

QPushButton *MessageBar::addButton(const QString &text, const QString &objectName)
{
    auto *button = new QPushButton(text);
    button->setObjectName(objectName);
    m_buttons->addWidget(button);
    return button;
}

void MessageBar::dismiss()
{
    hide();
}

QString MessageBar::text() const
{
    return m_label->text();
}

} // namespace sift
