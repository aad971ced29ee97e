#pragma once

#include <QList>
#include <QString>
#include <functional>

class QWidget;

namespace sift {

// Every modal question the application asks goes through here, so a test can answer it instead of
// a person (setResponder) and no test ever blocks on a message box or a file dialog.
class Dialogs
{
public:
    enum class Button
    {
        Save,
        Discard,
        Cancel,
        Ok
    };

    struct Question
    {
        QString title;
        QString text;
        QString details; // optional, e.g. the files concerned
        QList<Button> buttons{Button::Ok};
        Button defaultButton = Button::Ok;
        Button escapeButton = Button::Ok;
    };
    using Responder = std::function<Button(const Question &)>;
    using FolderResponder = std::function<QString(const QString &title)>;

    // Shows `question` as a message box (or hands it to the responder) and returns the answer.
    static Button ask(QWidget *parent, const Question &question);
    static void warning(QWidget *parent, const QString &title, const QString &text);
    static void about(QWidget *parent, const QString &title, const QString &richText);
    // A folder chosen by the user, or empty when cancelled.
    static QString chooseFolder(QWidget *parent, const QString &title, const QString &start);
    // A file to open, or empty when cancelled. Tests answer it with the folder responder.
    static QString chooseFile(QWidget *parent, const QString &title, const QString &start, const QString &filter);

    // Tests: answer every question with `responder` instead of showing a box; an empty function
    // restores message boxes.
    static void setResponder(Responder responder);
    // Tests: answer folder and file choices with `responder` (it gets the dialog's title).
    static void setFolderResponder(FolderResponder responder);
};

} // namespace sift
