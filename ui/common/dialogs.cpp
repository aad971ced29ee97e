#include "dialogs.h"

#include <QFileDialog>
#include <QMessageBox>

namespace sift {

namespace {
Dialogs::Responder &responder()
{
    static Dialogs::Responder r;
    return r;
}

Dialogs::FolderResponder &folderResponder()
{
    static Dialogs::FolderResponder r;
    return r;
}

QMessageBox::StandardButton standardButton(Dialogs::Button button)
{
    switch (button) {
    case Dialogs::Button::Save:
        return QMessageBox::Save;
    case Dialogs::Button::Discard:
        return QMessageBox::Discard;
    case Dialogs::Button::Cancel:
        return QMessageBox::Cancel;
    case Dialogs::Button::Ok:
        return QMessageBox::Ok;
    }
    return QMessageBox::Ok;
}
} // namespace

void Dialogs::setResponder(Responder r)
{
    responder() = std::move(r);
}

void Dialogs::setFolderResponder(FolderResponder r)
{
    folderResponder() = std::move(r);
}

Dialogs::Button Dialogs::ask(QWidget *parent, const Question &question)
{
    if (responder())
        return responder()(question);
    QMessageBox box(parent);
    box.setIcon(question.buttons.size() > 1 ? QMessageBox::Question : QMessageBox::Information);
    box.setWindowTitle(question.title);
    box.setText(question.text);
    box.setInformativeText(question.details);
    QMessageBox::StandardButtons buttons;
    for (const Button b : question.buttons)
        buttons |= standardButton(b);
    box.setStandardButtons(buttons);
    box.setDefaultButton(standardButton(question.defaultButton));
    box.setEscapeButton(standardButton(question.escapeButton));
    const int result = box.exec();
    for (const Button b : question.buttons) {
        if (result == standardButton(b))
            return b;
    }
    return question.escapeButton;
}

void Dialogs::warning(QWidget *parent, const QString &title, const QString &text)
{
    if (responder()) {
        responder()({title, text, QString(), {Button::Ok}, Button::Ok, Button::Ok});
        return;
    }
    QMessageBox::warning(parent, title, text);
}

void Dialogs::about(QWidget *parent, const QString &title, const QString &richText)
{
    if (responder()) {
        responder()({title, richText, QString(), {Button::Ok}, Button::Ok, Button::Ok});
        return;
    }
    QMessageBox::about(parent, title, richText);
}

QString Dialogs::chooseFolder(QWidget *parent, const QString &title, const QString &start)
{
    if (folderResponder())
        return folderResponder()(title);
    return QFileDialog::getExistingDirectory(parent, title, start);
}

QString Dialogs::chooseFile(QWidget *parent, const QString &title, const QString &start, const QString &filter)
{
    if (folderResponder())
        return folderResponder()(title);
    return QFileDialog::getOpenFileName(parent, title, start, filter);
}

} // namespace sift
