// The Japanese user interface: the translation file is complete for the sources as they are
// now (lupdate rescans them here), its placeholders match, it installs, and a Japanese main
// window shows no English words except names (modules, variants, file formats, the
// architecture's own terms, which the glossary keeps in English) and numbers.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDomDocument>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QTextDocument>
#include <QTextEdit>
#include <QTreeView>
#include <QtTest>

#include <qcustomplot.h>

#include <set>

#include "densescope/labels.h"
#include "i18n.h"
#include "i18n_test_support.h"
#include "ui_test_support.h"

namespace {

QString tsFile() {
    return qEnvironmentVariable("DENSESCOPE_SOURCE_DIR") +
           QStringLiteral("/resources/translations/densescope_ja.ts");
}

struct Message {
    QString context, source, translation;
    bool unfinished = false;
};

std::vector<Message> readTs(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QDomDocument doc;
    if (!doc.setContent(&f)) return {};
    std::vector<Message> out;
    const auto contexts = doc.elementsByTagName(QStringLiteral("context"));
    for (int c = 0; c < contexts.size(); ++c) {
        const auto ctx = contexts.at(c).toElement();
        const QString name = ctx.firstChildElement(QStringLiteral("name")).text();
        for (auto m = ctx.firstChildElement(QStringLiteral("message")); !m.isNull();
             m = m.nextSiblingElement(QStringLiteral("message"))) {
            const auto tr = m.firstChildElement(QStringLiteral("translation"));
            QString text = tr.text();
            if (m.attribute(QStringLiteral("numerus")) == QLatin1String("yes"))
                text = tr.firstChildElement(QStringLiteral("numerusform")).text();
            out.push_back({name, m.firstChildElement(QStringLiteral("source")).text(), text,
                           tr.attribute(QStringLiteral("type")) == QLatin1String("unfinished") ||
                               tr.attribute(QStringLiteral("type")) == QLatin1String("vanished") ||
                               tr.attribute(QStringLiteral("type")) == QLatin1String("obsolete")});
        }
    }
    return out;
}

std::set<QString> placeholders(const QString& s) {
    std::set<QString> out;
    static const QRegularExpression re(QStringLiteral("%L?\\d+"));
    for (auto it = re.globalMatch(s); it.hasNext();) out.insert(it.next().captured().remove('L'));
    return out;
}

}  // namespace

class TestI18n : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        uitest::isolateFrom(m_dir);
    }

    void translationCoversEverySourceString() {
        // lupdate over the sources as they are, into a copy: a tr() string added without a
        // translation shows up here as unfinished.
        const QString copy = m_dir.filePath(QStringLiteral("densescope_ja.ts"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(tsFile(), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const QString src = qEnvironmentVariable("DENSESCOPE_SOURCE_DIR");
        QProcess lupdate;
        lupdate.start(
            QStringLiteral(DS_LUPDATE),
            {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
             QStringLiteral("-extensions"), QStringLiteral("cpp,h"), src + QStringLiteral("/lib"),
             src + QStringLiteral("/ui"), src + QStringLiteral("/app"), QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(120'000));
        QCOMPARE(lupdate.exitCode(), 0);
        const auto messages = readTs(copy);
        QVERIFY2(messages.size() > 150, qPrintable(QString::number(messages.size())));
        QStringList problems;
        for (const Message& m : messages) {
            if (m.unfinished || m.translation.trimmed().isEmpty())
                problems << QStringLiteral("untranslated [%1] %2").arg(m.context, m.source);
            else if (placeholders(m.source) != placeholders(m.translation))
                problems << QStringLiteral("placeholders differ [%1] %2 → %3")
                                .arg(m.context, m.source, m.translation);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        // The committed file is what lupdate makes: nothing stale left in it either.
        QCOMPARE(int(readTs(tsFile()).size()), int(messages.size()));
    }

    void installsAndRemovesJapanese() {
        QVERIFY(!ds::i18n::installTranslations(QStringLiteral("xx")));
        QVERIFY(ds::i18n::installTranslations(QStringLiteral("ja")));
        QCOMPARE(ds::i18n::currentLanguage(), QStringLiteral("ja"));
        QCOMPARE(QCoreApplication::translate("ds::ui::MainWindow", "&File"),
                 QStringLiteral("ファイル(&F)"));
        QVERIFY(ds::i18n::installTranslations(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("ds::ui::MainWindow", "&File"),
                 QStringLiteral("&File"));
    }

    void choiceIsRemembered() {
        QCOMPARE(ds::i18n::savedChoice(), QStringLiteral("system"));
        ds::i18n::saveChoice(QStringLiteral("ja"));
        QCOMPARE(ds::i18n::savedChoice(), QStringLiteral("ja"));
        ds::i18n::saveChoice(QStringLiteral("klingon"));
        QCOMPARE(ds::i18n::savedChoice(), QStringLiteral("system"));
        QCOMPARE(ds::i18n::resolve(QStringLiteral("ja")), QStringLiteral("ja"));
        QCOMPARE(ds::i18n::resolve(QStringLiteral("klingon")), QStringLiteral("en"));
    }

    void japaneseWindowShowsNoEnglish() {
        QVERIFY(ds::i18n::installTranslations(QStringLiteral("ja")));
        auto w = uitest::started(uitest::tinyOptions());
        QVERIFY(w);
        // The explanation of a dense layer and the guide are part of what a student reads.
        w->selectLayer(QStringLiteral("features.denseblock1.denselayer2"));
        QVERIFY(uitest::settle(*w, [] {}));
        auto* guide = w->findChild<QAction*>(QStringLiteral("actionGuide"));
        QVERIFY(guide);
        guide->trigger();
        QStringList texts = i18ntest::visibleTexts(w.get());
        QWidget* guideWindow = nullptr;
        for (QWidget* top : QApplication::topLevelWidgets())
            if (top->objectName() == QLatin1String("guideDialog")) guideWindow = top;
        QVERIFY(guideWindow);
        texts << i18ntest::visibleTexts(guideWindow);
        QVERIFY(texts.join(' ').contains(QStringLiteral("denselayer2")));
        QVERIFY(texts.size() > 50);
        const QStringList english = i18ntest::englishWords(texts);
        QVERIFY2(english.isEmpty(), qPrintable(english.join(QStringLiteral(", "))));
        w.reset();
        QVERIFY(ds::i18n::installTranslations(QStringLiteral("en")));
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
