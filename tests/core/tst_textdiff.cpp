// The text primitives the editors build on: the smallest change between two texts (what undo
// records) and the line diff of two prompt versions.

#include "common/linediff.h"
#include "common/textchange.h"

#include <QtTest>

using namespace sift;

Q_DECLARE_METATYPE(sift::TextChange)

class TestTextDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void changeBetweenIsSmallest_data();
    void changeBetweenIsSmallest();
    void invertedChangeRestoresTheText();
    void changeChecksItApplies();
    void identicalTextsHaveNoDiff();
    void diffPairsChangedLines();
    void diffShowsAddedAndRemovedLines();
    void diffOfEmptyAndFull();
};

void TestTextDiff::changeBetweenIsSmallest_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<TextChange>("expected");
    QTest::newRow("typed at the end") << "weight: 0.6" << "weight: 0.65" << TextChange{11, QString(), QStringLiteral("5")};
    QTest::newRow("replaced in the middle") << "a: 0.60 # c" << "a: 0.75 # c" << TextChange{5, QStringLiteral("60"), QStringLiteral("75")};
    QTest::newRow("deleted") << "abcdef" << "abef" << TextChange{2, QStringLiteral("cd"), QString()};
    QTest::newRow("repeated letters") << "aaa" << "aaaa" << TextChange{3, QString(), QStringLiteral("a")};
    QTest::newRow("no change") << "same" << "same" << TextChange{4, QString(), QString()};
}

void TestTextDiff::changeBetweenIsSmallest()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(TextChange, expected);
    const TextChange change = TextChange::between(before, after);
    QCOMPARE(change, expected);
    QCOMPARE(change.applyTo(before), after);
}

void TestTextDiff::invertedChangeRestoresTheText()
{
    const QString before = QStringLiteral("# comment\nweight: 0.60   # kept\n");
    const QString after = QStringLiteral("# comment\nweight: 0.6   # kept\n");
    const TextChange change = TextChange::between(before, after);
    QCOMPARE(change.inverted().applyTo(after), before);
}

void TestTextDiff::changeChecksItApplies()
{
    const TextChange change{2, QStringLiteral("cd"), QStringLiteral("X")};
    QVERIFY(change.appliesTo(QStringLiteral("abcdef")));
    QVERIFY(!change.appliesTo(QStringLiteral("abXdef")));
    QVERIFY(!change.appliesTo(QStringLiteral("ab")));
}

void TestTextDiff::identicalTextsHaveNoDiff()
{
    const QList<DiffRow> rows = LineDiff::compare(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(LineDiff::changedRows(rows), 0);
}

void TestTextDiff::diffPairsChangedLines()
{
    const QList<DiffRow> rows = LineDiff::compare(QStringLiteral("# Judge\nBe strict.\n{{rubric}}\n"),
                                                  QStringLiteral("# Judge\nBe fair.\n{{rubric}}\n"));
    const QList<DiffRow> expected{{DiffRow::Kind::Same, QStringLiteral("# Judge"), QStringLiteral("# Judge"), 1, 1},
                                  {DiffRow::Kind::Changed, QStringLiteral("Be strict."), QStringLiteral("Be fair."), 2, 2},
                                  {DiffRow::Kind::Same, QStringLiteral("{{rubric}}"), QStringLiteral("{{rubric}}"), 3, 3}};
    QCOMPARE(rows, expected);
}

void TestTextDiff::diffShowsAddedAndRemovedLines()
{
    const QList<DiffRow> rows = LineDiff::compare(QStringLiteral("a\nb\nc\nd\n"), QStringLiteral("a\nc\nd\ne\nf\n"));
    const QList<DiffRow> expected{{DiffRow::Kind::Same, QStringLiteral("a"), QStringLiteral("a"), 1, 1},
                                  {DiffRow::Kind::Removed, QStringLiteral("b"), QString(), 2, 0},
                                  {DiffRow::Kind::Same, QStringLiteral("c"), QStringLiteral("c"), 3, 2},
                                  {DiffRow::Kind::Same, QStringLiteral("d"), QStringLiteral("d"), 4, 3},
                                  {DiffRow::Kind::Added, QString(), QStringLiteral("e"), 0, 4},
                                  {DiffRow::Kind::Added, QString(), QStringLiteral("f"), 0, 5}};
    QCOMPARE(rows, expected);
    QCOMPARE(LineDiff::changedRows(rows), 3);
}

void TestTextDiff::diffOfEmptyAndFull()
{
    const QList<DiffRow> rows = LineDiff::compare(QString(), QStringLiteral("x\ny"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].kind, DiffRow::Kind::Added);
    QCOMPARE(rows[1].right, QStringLiteral("y"));
    QCOMPARE(rows[1].rightLine, 2);
}

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
