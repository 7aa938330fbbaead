#pragma once
// What tst_i18n and tst_language_switch read of a window: every text a person can see, and
// whether a Latin word in a Japanese text is a name that stays English (docs/translating.md).
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QTabBar>
#include <QTextDocument>
#include <QTextEdit>
#include <QWidget>

#include <qcustomplot.h>

#include <set>

#include "densescope/labels.h"

namespace i18ntest {

inline QString plain(QString s) {
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
inline const std::set<QString>& keptWords() {
    static const std::set<QString> words = {
        "DenseScope", "DenseNet", "Dense", "Layer", "Block", "Transition", "growth", "rate", "BN",
        "ReLU", "Conv", "conv", "CPU", "GPU", "CUDA", "MACs", "MAC", "PNG", "JPEG", "NPY", "npy",
        "CSV", "SVG", "PDF", "Qt", "ImageNet", "torch", "hub", "torchvision", "pth", "pt",
        "safetensors", "stem", "viridis", "RdBu", "inferno", "magma", "gray", "bn_size", "Ctrl",
        "Shift", "PgUp", "PgDn", "Esc", "Enter", "Left", "Right", "stride", "padding", "dense",
        "connectivity", "Huang", "Liu", "van", "der", "Maaten", "Weinberger", "F11", "ms", "px",
        "k0", "top", "Top", "NumPy", "Global", "Average", "Pooling", "ms", "channel", "value", "x",
        "y", "min", "max", "tiny", "fps", "custom", "transition", "English", "MB", "GB", "KB", "M",
        "G", "k", "l", "L", "C", "H", "W", "θ", "CAM", "Grad", "LayerCAM", "float32", "softmax",
        "Space", "Multimedia",
        // keys named in the guide's lesson mode table
        "Home", "End", "Backspace", "F1", "F5", "B", "E",
        // attribution methods' names (Captum's)
        "Integrated", "Gradients", "SmoothGrad", "HiResCAM", "XGrad", "Eigen", "EigenGrad", "Score",
        "Ablation", "FEM",
        // ROAD's name and its two orders (Rong et al.)
        "ROAD", "MoRF", "LeRF",
        // the framework's names, in error messages
        "PyTorch", "Python"};
    return words;
}

// ImageNet's class names stay English in every language (they are data, not the UI's words).
inline bool isClassNameWord(const QString& word) {
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

inline bool isName(const QString& word) {
    static const QRegularExpression names(QStringLiteral(
        "^(densenet\\d+|denseblock\\d+|denselayer\\d+|transition\\d+|norm\\d|relu\\d|conv\\d|"
        "pool\\d|features|classifier|block\\d+|trans\\d+|head|B\\d+|L\\d+|[A-Za-z]\\d*)$"));
    return keptWords().count(word) || names.match(word).hasMatch() || isClassNameWord(word);
}

// Every text a person can see in `root` and its children: labels, buttons, menus, items,
// headers, titles, placeholders, tooltips and chart texts.
inline QStringList visibleTexts(QWidget* root) {
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

// The Latin words in `texts` that are not names (each once), with a warning naming the text.
inline QStringList englishWords(const QStringList& texts) {
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
    return english;
}

}  // namespace i18ntest
