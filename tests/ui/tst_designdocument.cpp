// What every design document does, whatever its editor: typing in the source view as undo steps,
// revert, saving exactly the text, and noticing what another program does to the file without
// mistaking Sift's own saves for it.

#include "common/messagebar.h"
#include "design/document/designdocuments.h"
#include "design/document/documentsourceview.h"
#include "design/document/promptdocument.h"
#include "design/taxonomy/taxonomyeditor.h"
#include "design/taxonomy/taxonomytreemodel.h"
#include "designtesthelpers.h"
#include "project/project.h"

#include <QPushButton>
#include <QTextBlock>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestDesignDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void typingInTheSourceIsOneUndoStepPerRun();
    void sourceAndFormEditsShareOneHistory();
    void revertIsUndoable();
    void externalChangeOffersReload();
    void ownSaveIsNotAnExternalChange();
    void keepingOwnVersionOverwritesOnSave();
    void deletedFileIsReported();
    void lineEndsAndSpecialSpacesSurvive();

private:
    void typeAtEndOfLine(const QString &lineText, const QString &typed);

    std::unique_ptr<TestProject> m_project;
    std::unique_ptr<TaxonomyDocument> m_document;
    std::unique_ptr<TaxonomyEditor> m_editor;
};

void TestDesignDocument::init()
{
    m_project = std::make_unique<TestProject>();
    m_document = std::make_unique<TaxonomyDocument>(m_project->dir(), Project::TaxonomyFile);
    QVERIFY(m_document->load());
    m_editor = std::make_unique<TaxonomyEditor>(m_document.get());
    m_editor->resize(1000, 700);
    m_editor->show();
}

void TestDesignDocument::cleanup()
{
    m_editor.reset();
    m_document.reset();
    m_project.reset();
}

void TestDesignDocument::typeAtEndOfLine(const QString &lineText, const QString &typed)
{
    auto *source = m_editor->sourceView();
    const int line = lineOf(m_document->text(), lineText);
    QVERIFY(line > 0);
    QTextCursor cursor(source->document()->findBlockByNumber(line - 1));
    cursor.movePosition(QTextCursor::EndOfBlock);
    source->setTextCursor(cursor);
    source->setFocus();
    QTest::keyClicks(source, typed);
}

void TestDesignDocument::typingInTheSourceIsOneUndoStepPerRun()
{
    const QString before = m_document->text();
    typeAtEndOfLine(QStringLiteral("    description: What the customer needs help with"),
                    QStringLiteral(" today"));
    QVERIFY(m_document->text().contains(QStringLiteral("What the customer needs help with today")));
    QCOMPARE(m_document->model().dimensions[0].description,
             QStringLiteral("What the customer needs help with today"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    // A new line starts a new step.
    QTest::keyClick(m_editor->sourceView(), Qt::Key_Return);
    QCOMPARE(m_document->undoStack()->count(), 2);
    // Ctrl+Z in the source view undoes through the document.
    QTest::keyClick(m_editor->sourceView(), Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(m_editor->sourceView(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_document->text(), before);
    QCOMPARE(m_editor->sourceView()->toPlainText(), before);
    QTest::keyClick(m_editor->sourceView(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_editor->sourceView()->toPlainText().contains(QStringLiteral("help with today")));
}

void TestDesignDocument::sourceAndFormEditsShareOneHistory()
{
    const QString before = m_document->text();
    typeAtEndOfLine(QStringLiteral("    description: What the customer needs help with"),
                    QStringLiteral("!"));
    QVERIFY(m_editor->treeModel()->setData(m_editor->treeModel()->indexForPath({0, 0}, 1), 0.35));
    QCOMPARE(m_document->undoStack()->count(), 2);
    QVERIFY(m_editor->sourceView()->toPlainText().contains(QStringLiteral("weight: 0.35")));
    m_document->undoStack()->undo();
    QVERIFY(m_editor->sourceView()->toPlainText().contains(QStringLiteral("weight: 0.30")));
    m_document->undoStack()->undo();
    QCOMPARE(m_editor->sourceView()->toPlainText(), before);
}

void TestDesignDocument::revertIsUndoable()
{
    const QString before = m_document->text();
    QVERIFY(m_editor->treeModel()->setData(m_editor->treeModel()->indexForPath({0, 0}, 1), 0.35));
    const QString edited = m_document->text();
    m_document->revert();
    QCOMPARE(m_document->text(), before);
    QVERIFY(!m_document->isModified());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), edited);
    QVERIFY(m_document->isModified());
}

void TestDesignDocument::externalChangeOffersReload()
{
    const QString file = m_project->path(Project::TaxonomyFile);
    QByteArray changed = readBytes(file);
    changed.replace("edge_case_target: 0.15", "edge_case_target: 0.12");
    QVERIFY(writeBytes(file, changed));
    QTRY_VERIFY(m_document->hasExternalChange());
    auto *bar = m_editor->diskBar();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->text().contains(QStringLiteral("was changed by another program")));
    // The editor's text is untouched until the user decides.
    QVERIFY(m_document->text().contains(QStringLiteral("edge_case_target: 0.15")));

    bar->findChild<QPushButton *>(QStringLiteral("reloadFromDisk"))->click();
    QVERIFY(!bar->isVisible());
    QCOMPARE(m_document->text().toUtf8(), changed);
    QCOMPARE(*m_document->model().edgeCaseTarget, 0.12);
    QVERIFY(!m_document->isModified());
    // Reloading is an edit like any other: undo brings the previous text back.
    m_document->undoStack()->undo();
    QVERIFY(m_document->text().contains(QStringLiteral("edge_case_target: 0.15")));
    QVERIFY(m_document->isModified());
}

void TestDesignDocument::ownSaveIsNotAnExternalChange()
{
    QVERIFY(m_editor->treeModel()->setData(m_editor->treeModel()->indexForPath({0, 0}, 1), 0.35));
    QVERIFY(m_document->save().ok());
    QVERIFY(m_editor->treeModel()->setData(m_editor->treeModel()->indexForPath({0, 0}, 1), 0.4));
    QVERIFY(m_document->save().ok());
    // Give the file watcher time to report both writes.
    QTest::qWait(300);
    QVERIFY(!m_document->hasExternalChange());
    QVERIFY(!m_editor->diskBar()->isVisible());
    QVERIFY(!m_document->checkDisk());
    // And a change by another program after a save is still noticed: the watch survived the saves.
    QByteArray changed = readBytes(m_document->filePath());
    changed.replace("edge_case_target: 0.15", "edge_case_target: 0.16");
    QVERIFY(writeBytes(m_document->filePath(), changed));
    QTRY_VERIFY(m_editor->diskBar()->isVisible());
}

void TestDesignDocument::keepingOwnVersionOverwritesOnSave()
{
    QVERIFY(m_editor->treeModel()->setData(m_editor->treeModel()->indexForPath({0, 0}, 1), 0.35));
    const QString mine = m_document->text();
    QByteArray theirs = readBytes(m_document->filePath());
    theirs.replace("edge_case_target: 0.15", "edge_case_target: 0.11");
    QVERIFY(writeBytes(m_document->filePath(), theirs));
    QVERIFY(m_document->checkDisk());
    QVERIFY(m_editor->diskBar()->text().contains(QStringLiteral("your edits stay in Undo")));
    m_editor->diskBar()->findChild<QPushButton *>(QStringLiteral("keepOwnVersion"))->click();
    QVERIFY(!m_editor->diskBar()->isVisible());
    QCOMPARE(m_document->text(), mine);
    QVERIFY(m_document->isModified());
    QVERIFY(m_document->save().ok());
    QCOMPARE(readBytes(m_document->filePath()), mine.toUtf8());
}

void TestDesignDocument::deletedFileIsReported()
{
    QVERIFY(QFile::remove(m_document->filePath()));
    QVERIFY(m_document->checkDisk());
    QVERIFY(!m_document->fileExists());
    QVERIFY(m_editor->diskBar()->text().contains(QStringLiteral("was deleted by another program")));
    // Saving writes it again.
    QVERIFY(m_document->save().ok());
    QCOMPARE(readBytes(m_document->filePath()), m_document->text().toUtf8());
}

void TestDesignDocument::lineEndsAndSpecialSpacesSurvive()
{
    // A prompt with CRLF line ends and a non-breaking space: editing one word keeps both.
    const QString file = m_project->path(PromptTemplate::relativePath(PromptKind::System));
    const QByteArray original = "# System\r\nYou help customers of {{product_name}}.\r\nPrices in\xc2\xa0"
                                "EUR.\r\n";
    QVERIFY(writeBytes(file, original));
    PromptDocument prompt(m_project->dir(), PromptKind::System);
    QVERIFY(prompt.load());
    DocumentSourceView view(&prompt);
    QCOMPARE(prompt.undoStack()->count(), 0); // showing the text is not an edit
    QTextCursor cursor(view.document()->findBlockByNumber(1));
    cursor.movePosition(QTextCursor::EndOfBlock);
    view.setTextCursor(cursor);
    QTest::keyClicks(&view, QStringLiteral(" Always."));
    QVERIFY(prompt.save().ok());
    QCOMPARE(readBytes(file),
             QByteArray("# System\r\nYou help customers of {{product_name}}. Always.\r\nPrices in\xc2\xa0"
                        "EUR.\r\n"));
}

QTEST_MAIN(TestDesignDocument)
#include "tst_designdocument.moc"
