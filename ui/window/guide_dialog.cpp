#include "guide_dialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QGuiApplication>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

#include "guide_diagrams.h"

namespace ds::ui {

namespace {

const QUrl kNetworkPicture(QStringLiteral("guide:network.png"));
const QUrl kConcatPicture(QStringLiteral("guide:concatenation.png"));

// Shown at its own size, or scaled down to `maxWidth` when the window is narrower (the
// picture is drawn in font units, so it only overflows on narrow screens or at high zoom).
QString img(const QUrl& url, const QImage& image, qreal maxWidth) {
    QSizeF size = image.deviceIndependentSize();
    if (maxWidth > 0 && size.width() > maxWidth) size *= maxWidth / size.width();
    return QStringLiteral("<p align=\"center\"><img src=\"%1\" width=\"%2\" height=\"%3\"></p>")
        .arg(url.toString())
        .arg(qRound(size.width()))
        .arg(qRound(size.height()));
}

}  // namespace

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("guideDialog"));
    setWindowTitle(tr("DenseScope Guide"));
    // A window does not inherit its parent's font by default: this makes zoom reach it.
    setAttribute(Qt::WA_WindowPropagation);
    auto* layout = new QVBoxLayout(this);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("guideText"));
    m_browser->setOpenExternalLinks(false);
    layout->addWidget(m_browser);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    m_config = ds::DenseNetConfig::variant("densenet121");
    m_summary = ds::summarize(m_config);
}

void GuideDialog::setModel(const ds::DenseNetConfig& config, const ds::ModelSummary& summary) {
    m_config = config;
    m_summary = summary;
    if (isVisible()) rebuild();
}

void GuideDialog::changeEvent(QEvent* event) {
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        setWindowTitle(tr("DenseScope Guide"));
        if (isVisible()) rebuild();  // else when it is shown next
        return;
    }
    if (event->type() == QEvent::FontChange && isVisible()) rebuild();
}

void GuideDialog::resizeEvent(QResizeEvent* event) {
    QDialog::resizeEvent(event);
    if (isVisible()) rebuild();  // the pictures' widths follow the window's
}

void GuideDialog::showEvent(QShowEvent* event) {
    rebuild();
    QDialog::showEvent(event);
}

void GuideDialog::rebuild() {
    const qreal dpr = devicePixelRatioF();
    m_network = GuideDiagrams::network(m_summary, font(), dpr);
    m_concatenation = GuideDiagrams::concatenation(m_summary, font(), dpr);
    QTextDocument* doc = m_browser->document();
    doc->addResource(QTextDocument::ImageResource, kNetworkPicture, m_network);
    doc->addResource(QTextDocument::ImageResource, kConcatPicture, m_concatenation);
    const int scroll = m_browser->verticalScrollBar()->value();
    m_browser->setHtml(html());
    m_browser->verticalScrollBar()->setValue(scroll);
    // A first size that shows the widest picture, within the screen.
    if (!property("sized").toBool()) {
        setProperty("sized", true);
        const QScreen* where = screen() ? screen() : QGuiApplication::primaryScreen();
        const QRect available = where->availableGeometry();
        const int em = fontMetrics().averageCharWidth();
        const int width =
            std::max(int(m_network.deviceIndependentSize().width()), 80 * em) + 10 * em;
        resize(std::min(width, available.width() * 9 / 10),
               std::min(fontMetrics().height() * 45, available.height() * 85 / 100));
    }
}

QString GuideDialog::html() const {
    const ds::LayerInfo* block1 = m_summary.find("features.denseblock1");
    const int k0 = block1 ? block1->inChannels : m_config.initFeatures;
    const QString model = QString::fromStdString(m_config.name);
    // What the text area can show without a horizontal scroll bar.
    const QScrollBar* bar = m_browser->verticalScrollBar();
    const qreal maxWidth = m_browser->viewport()->width() -
                           2 * m_browser->document()->documentMargin() - 8 -
                           (bar->isVisible() ? 0 : bar->sizeHint().width());
    QString h;
    h += tr("<h2>DenseScope guide</h2>");
    h +=
        tr("<h3>What is a DenseNet?</h3>"
           "<p>A DenseNet (Huang, Liu, van der Maaten and Weinberger, 2017) is a convolutional "
           "neural network that recognises what an image shows. Its idea is <b>dense "
           "connectivity</b>: inside a dense block, every dense layer receives the feature maps "
           "of <i>all</i> earlier layers of the block, concatenated along the channel axis, and "
           "adds a few new channels of its own. Nothing is overwritten, so what an early layer "
           "found stays available to every later layer.</p>");
    h += tr("<p>The <b>growth rate</b> k is the number of channels each dense layer adds. The "
            "model loaded now, %1, has k = %2: dense layer l of a block that starts with k0 "
            "channels reads k0 + k(l − 1) channels and makes k new ones.</p>")
             .arg(model)
             .arg(m_config.growthRate);
    h += tr("<p>Each <b>dense layer</b> is BN → ReLU → 1×1 convolution to bn_size × k = %1 "
            "channels (the bottleneck) → BN → ReLU → 3×3 convolution to k = %2 channels.</p>")
             .arg(m_config.bnSize * m_config.growthRate)
             .arg(m_config.growthRate);
    h += tr("<p>A <b>dense block</b> keeps the width and height of its maps. Between blocks, a "
            "<b>transition</b> (BN → ReLU → 1×1 convolution → 2×2 average pooling) keeps the "
            "fraction θ = %1 of the channels (the compression) and halves width and height. "
            "The <b>stem</b> before the first block (7×7 convolution with stride 2, BN, ReLU, "
            "3×3 max pooling) turns the %2 × %2 input image into %3 maps; after the last "
            "block, norm5, global average pooling and a fully connected <b>classifier</b> give "
            "one score per class.</p>")
             .arg(m_config.compression)
             .arg(m_summary.inputSize)
             .arg(block1 ? QStringLiteral("%1 × %2").arg(block1->height).arg(block1->width)
                         : QString());
    h += img(kNetworkPicture, m_network, maxWidth);
    h += tr("<p><i>The channels along %1, from left to right. Each dense block widens as its "
            "dense layers append k channels; each transition narrows it. Under each part: its "
            "channels and the size of its maps.</i></p>")
             .arg(model);
    h += tr("<h3>Concatenation inside a dense block</h3>");
    h += img(kConcatPicture, m_concatenation, maxWidth);
    h += tr("<p><i>The first dense layers of dense block 1 of %1. Grey x0 is the block input "
            "(k0 = %2 channels); each colour is the k = %3 channels one dense layer makes. Each "
            "dense layer reads the whole bar to its left and appends its own part. The colours "
            "are the ones of the Feature maps strip, the Channel growth chart and the Layers "
            "table.</i></p>")
             .arg(model)
             .arg(k0)
             .arg(m_config.growthRate);
    h += tr("<h3>Reading the panels</h3>");
    const QString items[] = {
        tr("<p><b>Model</b>: choose a variant (DenseNet-121, 161, 169, 201, 264) or a custom "
           "layout (growth rate, blocks, initial features, bn_size, compression); the weights "
           "(random, a file, or ImageNet) and the device. Its parameters and multiply-accumulates "
           "(MACs) are shown below.</p>"),
        tr("<p><b>Image</b>: the picture you opened and, beside it, the exact %1 × %1 network "
           "input made from it (resized, cropped, normalised).</p>")
            .arg(m_summary.inputSize),
        tr("<p><b>Predictions</b>: the most likely ImageNet classes with their probabilities. "
           "With random weights they mean nothing, but every shape and map is real.</p>"),
        tr("<p><b>Network</b>: the stem, each dense block (open it for its dense layers), each "
           "transition and norm5, with the shape C × H × W of its output. Select one to see "
           "its feature maps; rest the pointer on it for its explanation.</p>"),
        tr("<p><b>Feature maps</b>: every channel of the selected layer as a small picture. For a "
           "dense block, the coloured strip says which dense layer made each channel (grey: the "
           "block input). Click a channel for a large view with its values.</p>"),
        tr("<p><b>Channel growth</b>: channels against depth; inside a block the line rises by k "
           "per dense layer, at a transition it drops. Beside it: parameters and MACs per "
           "stage. Click a point to select that layer.</p>"),
        tr("<p><b>Layers</b>: every layer in a table with its input and output channels, map "
           "size, parameters and MACs; sort by any column, filter by name.</p>"),
        tr("<p><b>Explanation</b>: what the selected layer does, in words and with its numbers: "
           "where its input comes from, each step inside it, what it outputs, and what it "
           "costs. <code>densescope-cli explain --layer NAME</code> prints the same text.</p>"),
        tr("<p>Selecting a layer anywhere selects it everywhere. View → Zoom in (Ctrl++) makes "
           "text and pictures larger for a classroom.</p>"),
    };
    for (const QString& item : items) h += item;
    return h;
}

}  // namespace ds::ui
