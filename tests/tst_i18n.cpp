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

#include "i18n.h"
#include "densescope/labels.h"
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

QString plain(QString s) {
    if (Qt::mightBeRichText(s)) {
        QTextDocument d;
        d.setHtml(s);
        s = d.toPlainText();
    }
    return s.remove(QLatin1Char('&'));  // mnemonics
}

// Latin words that stay in English in the Japanese UI (docs/translating.md's Vocabulary keeps the
// architecture's terms; the rest are names, units and file formats; "custom" is the variant
// name of a custom layout; "English" is that language's own name in View → Language; stride and
// padding are PyTorch's argument names, like bn_size; "dense connectivity" is the paper's term,
// kept like Dense Block; the guide cites the paper's authors; Space is the key, like Enter;
// Integrated Gradients and SmoothGrad are methods' names, like LayerCAM).
const std::set<QString>& keptWords() {
    static const std::set<QString> words = {"DenseScope", "DenseNet",    "Dense",
                                            "Layer",      "Block",       "Transition",
                                            "growth",     "rate",        "BN",
                                            "ReLU",       "Conv",        "conv",
                                            "CPU",        "GPU",         "CUDA",
                                            "MACs",       "MAC",         "PNG",
                                            "JPEG",       "NPY",         "npy",
                                            "CSV",        "SVG",         "PDF",
                                            "Qt",         "ImageNet",    "torch",
                                            "hub",        "torchvision", "pth",
                                            "pt",         "safetensors", "stem",
                                            "viridis",    "RdBu",        "inferno",
                                            "magma",      "gray",        "bn_size",
                                            "Ctrl",       "Shift",       "PgUp",
                                            "PgDn",       "Esc",         "Enter",
                                            "Left",       "Right",       "stride",
                                            "padding",    "dense",       "connectivity",
                                            "Huang",      "Liu",         "van",
                                            "der",        "Maaten",      "Weinberger",
                                            "F11",        "ms",          "px",
                                            "k0",         "top",         "Top",
                                            "NumPy",      "Global",      "Average",
                                            "Pooling",    "ms",          "channel",
                                            "value",      "x",           "y",
                                            "min",        "max",         "tiny",
                                            "fps",        "custom",      "transition",
                                            "English",    "MB",          "GB",
                                            "KB",         "M",           "G",
                                            "k",          "l",           "L",
                                            "C",          "H",           "W",
                                            "θ",          "CAM",         "Grad",
                                            "LayerCAM",   "float32",     "softmax",
                                            "Space",      "Multimedia",
                                            // attribution methods' names (Captum's)
                                            "Integrated", "Gradients",   "SmoothGrad",
                                            "HiResCAM",   "XGrad",       "Eigen",
                                            "EigenGrad",  "Score",       "Ablation",
                                            "FEM",
                                            // ROAD's name and its two orders (Rong et al.)
                                            "ROAD",       "MoRF",        "LeRF",
                                            // keys named in the guide's lesson mode table
                                            "Home",       "End",         "Backspace",
                                            "F1",         "F5",          "B",
                                            "E"};
    return words;
}

// ImageNet's class names stay English in every language (they are data, not the UI's words).
bool isClassNameWord(const QString& word) {
    static const QSet<QString> words = [] {
        QSet<QString> out;
        static const QRegularExpression split(QStringLiteral("[^A-Za-z0-9_]+"));
        for (const std::string& label : ds::imagenetLabels())
            for (const QString& w : QString::fromStdString(label).split(split, Qt::SkipEmptyParts))
                out.insert(w);
        return out;
    }();
    return words.contains(word);
}

bool isName(const QString& word) {
    static const QRegularExpression names(QStringLiteral(
        "^(densenet\\d+|denseblock\\d+|denselayer\\d+|transition\\d+|norm\\d|relu\\d|conv\\d|"
        "pool\\d|features|classifier|block\\d+|trans\\d+|head|B\\d+|L\\d+|[A-Za-z]\\d*)$"));
    return keptWords().count(word) || names.match(word).hasMatch() || isClassNameWord(word);
}

// Every text a person can see in `root` and its children: labels, buttons, menus, items,
// headers, titles, placeholders, tooltips and chart texts.
QStringList visibleTexts(QWidget* root) {
    QStringList out;
    auto add = [&](const QString& s) {
        if (!s.trimmed().isEmpty()) out << plain(s);
    };
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets << root;
    for (QWidget* w : widgets) {
        add(w->toolTip());
        if (auto* l = qobject_cast<QLabel*>(w)) add(l->text());
        if (auto* b = qobject_cast<QAbstractButton*>(w)) add(b->text());
        if (auto* c = qobject_cast<QComboBox*>(w))
            for (int i = 0; i < c->count(); ++i) add(c->itemText(i));
        if (auto* e = qobject_cast<QLineEdit*>(w)) add(e->placeholderText());
        if (auto* e = qobject_cast<QTextEdit*>(w)) add(e->toPlainText());  // explanation, guide
        if (auto* s = qobject_cast<QSpinBox*>(w)) add(s->prefix() + s->suffix());
        if (auto* d = qobject_cast<QDockWidget*>(w)) add(d->windowTitle());
        if (auto* g = qobject_cast<QGroupBox*>(w)) add(g->title());
        if (auto* t = qobject_cast<QTabBar*>(w))
            for (int i = 0; i < t->count(); ++i) add(t->tabText(i));
        if (auto* h = qobject_cast<QHeaderView*>(w); h && h->model())
            for (int i = 0; i < h->count(); ++i)
                add(h->model()->headerData(i, h->orientation()).toString());
        if (auto* m = qobject_cast<QMenu*>(w)) add(m->title());
        if (auto* p = qobject_cast<QCustomPlot*>(w)) {
            for (QCPAxisRect* r : p->axisRects())
                for (QCPAxis* a : r->axes()) add(a->label());
            for (int i = 0; i < p->legend->itemCount(); ++i)
                if (auto* item = qobject_cast<QCPPlottableLegendItem*>(p->legend->item(i)))
                    add(item->plottable()->name());
            for (int i = 0; i < p->itemCount(); ++i)
                if (auto* t = qobject_cast<QCPItemText*>(p->item(i))) add(t->text());
            for (int i = 0; i < p->plotLayout()->elementCount(); ++i)
                if (auto* t = qobject_cast<QCPTextElement*>(p->plotLayout()->elementAt(i)))
                    add(t->text());
        }
    }
    for (QAction* a : root->findChildren<QAction*>()) {
        if (a->isSeparator()) continue;
        add(a->text());
        add(a->toolTip());
    }
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
        QStringList texts = visibleTexts(w.get());
        QWidget* guideWindow = nullptr;
        for (QWidget* top : QApplication::topLevelWidgets())
            if (top->objectName() == QLatin1String("guideDialog")) guideWindow = top;
        QVERIFY(guideWindow);
        texts << visibleTexts(guideWindow);
        QVERIFY(texts.join(' ').contains(QStringLiteral("denselayer2")));
        QVERIFY(texts.size() > 50);
        static const QRegularExpression word(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*"));
        static const QRegularExpression path(QStringLiteral("\\S*[/.]\\S*"));  // files, URLs
        // Commands quoted for the reader to type, up to the Japanese punctuation after them.
        static const QRegularExpression command(
            QStringLiteral("densescope(-cli|-bench)?[^、。）\\n]*"));
        QStringList english;
        for (const QString& text : texts) {
            QString t = text;
            t.remove(command);
            t.remove(path);
            for (auto it = word.globalMatch(t); it.hasNext();) {
                const QString w = it.next().captured();
                if (!isName(w) && !english.contains(w)) {
                    english << w;
                    qWarning("'%s' in: %s", qPrintable(w), qPrintable(text.simplified().left(100)));
                }
            }
        }
        QVERIFY2(english.isEmpty(), qPrintable(english.join(QStringLiteral(", "))));
        w.reset();
        QVERIFY(ds::i18n::installTranslations(QStringLiteral("en")));
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
