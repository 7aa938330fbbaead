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
    h += analysesHtml();
    h += lessonHtml();
    return h;
}

// The analysis tabs beside the feature maps, Teach and live mode.
QString GuideDialog::analysesHtml() const {
    QString h;
    h += tr("<h3>What the network sees: the analysis tabs</h3>"
            "<p>The tabs beside the feature maps answer the questions a class asks. Each works "
            "only while its tab is in front, shows its progress and can be cancelled; the "
            "window never waits for it.</p>");
    h += tr("<p><b>Where it looks</b>: the class activation map (CAM) of the selected layer "
            "over the network input: which places raised the score of a class. Choose the "
            "method: <b>Grad-CAM</b> weights each channel by the mean of its gradient; "
            "<b>Grad-CAM++</b> weights the positive gradients, so that several objects of a "
            "class all show; <b>LayerCAM</b> weights every position by its own positive "
            "gradient, which keeps the detail of early layers; eight more methods (HiResCAM … "
            "FEM) are in the same list. The class is the top-1 class, one of the top-k, or the "
            "prediction bar you click. The strip below shows the map of the stem, every dense "
            "block and every transition at once: the map sharpens with depth; click a tile to "
            "select that layer.</p>");
    h += tr("<p><b>Compare</b>: every CAM method side by side for the same layer and class, "
            "each with its ROAD score and the change in confidence when the region it marks is "
            "removed or kept: which map to trust. <b>Attributions</b> does the same for single "
            "pixels (saliency, Integrated Gradients, SmoothGrad, occlusion …).</p>");
    h += tr("<p><b>Feature reuse</b>: the DenseNet paper's Figure 5 from the loaded weights. "
            "For each dense block, a heat map: how strongly each dense layer (row) weighs the "
            "channels that each earlier layer (column) made, as the mean absolute weight of "
            "its first convolution. Trained weights show that later layers still read early "
            "features; with random weights the picture is flat, and it says so. Click a cell "
            "to select that layer and mark the source's channels.</p>");
    h += tr("<p><b>Statistics</b>: for the selected layer and channel, a histogram of its "
            "values with minimum, maximum, mean and standard deviation, and the mean of every "
            "channel as bars, by channel or sorted by value. Click a bar to open that "
            "channel.</p>");
    h += tr("<p><b>Top images</b>: choose a folder; every image in it runs once through the "
            "network. Then, for any channel of the selected layer, the images in which it "
            "fires most are shown, strongest first, with the region of the input that drives "
            "the maximum outlined. The channel is the one you pick in Feature maps or in the "
            "tab's own Channel box.</p>");
    h += tr("<p><b>Visualise</b>: the input that excites the selected channel most, made by "
            "gradient ascent from faint noise, with small random shifts, scalings and rotations "
            "at each step so that it stays a picture. The curve shows the channel's mean at "
            "each step (on the shifted copy); the two dots are the start and the result "
            "themselves.</p>");
    h += tr("<p><b>Teach</b>: teach the network your own classes. Make a class for each kind of "
            "thing (or add a folder with one subfolder per class, in one step), give each class "
            "examples (image files, a folder, the clipboard, the current image, or live frames "
            "while you hold C), then press Train. A small classifier learns on the frozen "
            "network's features; a fifth of each class is held out to measure the accuracy, "
            "and the confusion matrix shows which classes it mixes up. <b>Taught classes</b> "
            "makes the predictions use it. Save… and Open… keep it as a .safetensors file, "
            "with its curve and confusion matrix; open it in this tab, not as weights.</p>");
    h += tr("<p><b>Live mode</b> (Live menu): a camera or a video file instead of a still "
            "image. The network always works on the newest frame and skips the ones that "
            "arrive while it is busy, so the picture never lags. Space freezes the frame to "
            "inspect it; Space again goes on; Ctrl+L stops and starts.</p>");
    return h;
}

// Lesson mode and its keys (and the keys of the workbench that start it).
QString GuideDialog::lessonHtml() const {
    QString h;
    h += tr("<h3>Lesson mode: teaching with a projector</h3>"
            "<p>Lesson mode fills the screen with one view at a time, large, and steps through "
            "a lesson like slides: the image and its predictions, the architecture, one dense "
            "layer with its numbers, the feature maps, where the network looks, feature reuse, "
            "Teach. Every view stays live: clicking a channel, a prediction bar or a tile still "
            "works. <b>F5</b> in the workbench starts the lesson; <b>F11</b> opens lesson mode "
            "on the view the workbench shows now.</p>");
    const QString rows[][2] = {
        {tr("Right, Down, Page Down, Space, Enter, left click"), tr("next step")},
        {tr("Left, Up, Page Up, Backspace"), tr("previous step")},
        {tr("Home / End"), tr("first / last step")},
        {tr("a number, then Enter"), tr("jump to that step")},
        {tr("B or . (full stop)"), tr("black screen; any key comes back")},
        {tr("W or , (comma)"), tr("white screen; any key comes back")},
        {tr("H"), tr("hide or show the speaker notes strip")},
        {tr("E"), tr("edit the step's title and note")},
        {tr("? or F1"), tr("the keys of lesson mode and of the step shown")},
        {tr("Esc"), tr("leave lesson mode: the workbench comes back as it was")},
    };
    h += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    for (const auto& row : rows)
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                 .arg(row[0].toHtmlEscaped(), row[1].toHtmlEscaped());
    h += QStringLiteral("</table>");
    h += tr("<p>A presentation clicker sends Page Up, Page Down, Esc, F5 and B: all of them "
            "work. Lesson → Add this view as a step adds what the workbench shows to the "
            "lesson; lessons are saved and opened as files, and Lesson → Export handout… "
            "writes one PDF page per step.</p>");
    return h;
}

}  // namespace ds::ui
