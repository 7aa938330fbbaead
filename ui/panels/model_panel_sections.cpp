// ModelPanel: the custom layout group, and the area under the controls (summary, weights
// source, errors and the offer to switch layouts). The rest is in model_panel.cpp.
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QToolButton>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

#include "model_panel.h"

namespace ds::ui {

QSpinBox* ModelPanel::wideSpin(const QString& name, int value, int max) {
    auto* s = new QSpinBox;
    s->setObjectName(name);
    s->setRange(0, max);
    s->setValue(value);
    return s;
}

QWidget* ModelPanel::buildCustomGroup() {
    m_custom = new QGroupBox(tr("Custom layout"));
    m_custom->setObjectName(QStringLiteral("customGroup"));
    m_growthRate = wideSpin(QStringLiteral("growthRateSpin"), 32, 99999);
    m_growthRate->setToolTip(tr("Growth rate k: channels each dense layer adds"));
    m_blocks = new QLineEdit(QStringLiteral("6,12,24,16"));
    m_blocks->setObjectName(QStringLiteral("blocksEdit"));
    m_blocks->setToolTip(tr("Dense layers per block, e.g. 6,12,24,16"));
    m_initFeatures = wideSpin(QStringLiteral("initFeaturesSpin"), 64, 99999);
    m_initFeatures->setToolTip(tr("Channels after the stem (k0 of the first block)"));
    m_compression = new QDoubleSpinBox;
    m_compression->setObjectName(QStringLiteral("compressionSpin"));
    m_compression->setRange(0.0, 9.0);
    m_compression->setSingleStep(0.05);
    m_compression->setDecimals(2);
    m_compression->setValue(0.5);
    m_compression->setToolTip(tr("Transition compression theta in (0, 1]"));
    m_bnSize = wideSpin(QStringLiteral("bnSizeSpin"), 4, 999);
    m_bnSize->setToolTip(tr("Bottleneck width factor: the 1x1 conv outputs bn_size * k channels"));
    // A layout is loaded only when the user says so: half-typed layouts, or merely picking
    // "Custom layout…", must not start a load (a large one takes seconds and much memory).
    m_loadLayout = new QPushButton(tr("&Load layout"));
    m_loadLayout->setObjectName(QStringLiteral("loadLayoutButton"));
    m_loadLayout->setToolTip(
        tr("Build this layout and run the image through it (Enter in Blocks)"));
    auto* form = new QFormLayout(m_custom);
    form->addRow(tr("Growth rate k"), m_growthRate);
    form->addRow(tr("Blocks"), m_blocks);
    form->addRow(tr("Initial features"), m_initFeatures);
    form->addRow(tr("Compression θ"), m_compression);
    form->addRow(tr("bn_size"), m_bnSize);
    form->addRow(QString(), m_loadLayout);
    for (QSpinBox* s : {m_growthRate, m_initFeatures, m_bnSize})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &ModelPanel::onCustomEdited);
    connect(m_compression, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            &ModelPanel::onCustomEdited);
    connect(m_blocks, &QLineEdit::textEdited, this, &ModelPanel::onCustomEdited);
    connect(m_loadLayout, &QPushButton::clicked, this, &ModelPanel::confirmLayout);
    connect(m_blocks, &QLineEdit::returnPressed, this, &ModelPanel::confirmLayout);
    return m_custom;
}

void ModelPanel::fillCustomFields(const ds::DenseNetConfig& c) {
    QStringList blocks;
    for (int b : c.blockConfig) blocks << QString::number(b);
    m_blocks->setText(blocks.join(QLatin1Char(',')));
    m_growthRate->setValue(c.growthRate);
    m_initFeatures->setValue(c.initFeatures);
    m_compression->setValue(c.compression);
    m_bnSize->setValue(c.bnSize);
}

void ModelPanel::onCustomEdited() {
    m_layoutPending = true;
    updateSummary();
}

void ModelPanel::confirmLayout() {
    m_layoutPending = false;
    if (!emitIfValid()) m_layoutPending = true;
}

QToolButton* ModelPanel::buildLabelsButton() {
    m_labelsButton = new QToolButton;
    m_labelsButton->setObjectName(QStringLiteral("labelsButton"));
    m_labelsButton->setText(tr("Labels…"));
    m_labelsButton->setToolTip(
        tr("Name the classes of this file's classifier: a text file with one label per line"));
    connect(m_labelsButton, &QToolButton::clicked, this, &ModelPanel::chooseLabels);
    return m_labelsButton;
}

namespace {
// The app's settings file (as AppSettings::open: DENSESCOPE_SETTINGS, else the user's).
std::unique_ptr<QSettings> settings() {
    const QString file = qEnvironmentVariable("DENSESCOPE_SETTINGS");
    if (!file.isEmpty()) return std::make_unique<QSettings>(file, QSettings::IniFormat);
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                       QStringLiteral("DenseScope"), QStringLiteral("densescope"));
}

QString labelsKey(const QString& weightsPath) {
    // QSettings keys treat '/' as a group separator: the path goes in as one encoded key.
    return QStringLiteral("weightsLabels/") +
           QString::fromLatin1(QFileInfo(weightsPath).absoluteFilePath().toUtf8().toBase64(
               QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
}  // namespace

QString ModelPanel::rememberedLabels(const QString& weightsPath) {
    if (weightsPath.isEmpty()) return {};
    return settings()->value(labelsKey(weightsPath)).toString();
}

void ModelPanel::chooseLabels() {
    const QString weights = m_weightsPath->isHidden() ? QString() : m_weightsPath->text();
    if (weights.isEmpty()) {
        QMessageBox::information(this, tr("Labels"),
                                 tr("Choose a weights file first: labels name the classes of a "
                                    "file's classifier, one label per line."));
        return;
    }
    const QString start = m_labelsPath.isEmpty() ? QFileInfo(weights).absolutePath()
                                                 : QFileInfo(m_labelsPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open labels"), start, tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setLabelsFile(path);
}

bool ModelPanel::setLabelsFile(const QString& path) {
    const QString weights = m_weightsPath->isHidden() ? QString() : m_weightsPath->text();
    if (weights.isEmpty()) return false;
    m_labelsPath = QDir::toNativeSeparators(path);
    if (m_remember) settings()->setValue(labelsKey(weights), m_labelsPath);
    emitIfValid();
    return true;
}

void ModelPanel::buildInfoLabels(QVBoxLayout* layout) {
    auto label = [layout](const QString& name) {
        auto* l = new QLabel;
        l->setObjectName(name);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(l);
        return l;
    };
    // Under the form, not in the Device row: a wrapped label in a form row gets squeezed.
    m_deviceNote = label(QStringLiteral("deviceNoteLabel"));
    m_deviceNote->hide();
    m_summary = label(QStringLiteral("modelSummaryLabel"));
    m_weightsLabel = label(QStringLiteral("weightsSourceLabel"));
    // Above the error: its message can be long, and the way out should not scroll away.
    m_switchLayout = new QPushButton;
    m_switchLayout->setObjectName(QStringLiteral("switchLayoutButton"));
    m_switchLayout->hide();
    connect(m_switchLayout, &QPushButton::clicked, this, [this] {
        const ds::ui::ModelRequest r = m_offer;
        setRequest(r);
        m_switchLayout->hide();
        emit requestChanged(r);
    });
    layout->addWidget(m_switchLayout);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("modelErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    // A weights error can list dozens of keys: it scrolls in a few lines of its own instead of
    // squeezing the controls above it (its first sentence says what to do).
    m_errorScroll = new QScrollArea;
    m_errorScroll->setObjectName(QStringLiteral("modelErrorScroll"));
    m_errorScroll->setFrameShape(QFrame::NoFrame);
    m_errorScroll->setWidgetResizable(true);
    m_errorScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_errorScroll->setWidget(m_error);
    m_errorScroll->viewport()->setAutoFillBackground(false);
    m_error->setAutoFillBackground(false);
    layout->addWidget(m_errorScroll);
    m_errorScroll->hide();
}

void ModelPanel::setError(const QString& message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_errorScroll->setVisible(!message.isEmpty());
    fitErrorHeight();
    m_switchLayout->hide();
}

void ModelPanel::fitErrorHeight() {
    if (m_errorScroll->isHidden()) return;
    // As tall as the text, up to about six lines (font-relative: the View zoom changes it).
    const int width =
        std::max(100, contentsRect().width() - 2 * layout()->contentsMargins().left() -
                          style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    const int six = m_error->fontMetrics().lineSpacing() * 6;
    m_errorScroll->setFixedHeight(std::min(m_error->heightForWidth(width), six));
}

void ModelPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitErrorHeight();
}

void ModelPanel::offerLayout(const ds::ui::ModelRequest& suggestion) {
    if (suggestion.config.numClasses != 1000) return;  // the panel has no classes field
    m_offer = suggestion;
    const auto& c = suggestion.config;
    // A custom layout's description is long for a button: it goes in the tooltip.
    const QString described = QString::fromStdString(c.describe());
    m_switchLayout->setText(
        c.name == "custom"
            ? tr("Switch to the file's layout and load it")
            : tr("Switch to %1 and load this file").arg(QString::fromStdString(c.name)));
    m_switchLayout->setToolTip(
        tr("Loads this file with the layout it was made for: %1").arg(described));
    m_switchLayout->show();
}

void ModelPanel::retranslateSections() {
    m_custom->setTitle(tr("Custom layout"));
    m_growthRate->setToolTip(tr("Growth rate k: channels each dense layer adds"));
    m_blocks->setToolTip(tr("Dense layers per block, e.g. 6,12,24,16"));
    m_initFeatures->setToolTip(tr("Channels after the stem (k0 of the first block)"));
    m_compression->setToolTip(tr("Transition compression theta in (0, 1]"));
    m_bnSize->setToolTip(tr("Bottleneck width factor: the 1x1 conv outputs bn_size * k channels"));
    m_loadLayout->setText(tr("&Load layout"));
    m_loadLayout->setToolTip(
        tr("Build this layout and run the image through it (Enter in Blocks)"));
    if (auto* form = qobject_cast<QFormLayout*>(m_custom->layout())) {
        const auto label = [form](QWidget* field, const QString& text) {
            if (auto* l = qobject_cast<QLabel*>(form->labelForField(field))) l->setText(text);
        };
        label(m_growthRate, tr("Growth rate k"));
        label(m_blocks, tr("Blocks"));
        label(m_initFeatures, tr("Initial features"));
        label(m_compression, tr("Compression θ"));
        label(m_bnSize, tr("bn_size"));
    }
    m_labelsButton->setText(tr("Labels…"));
    m_labelsButton->setToolTip(
        tr("Name the classes of this file's classifier: a text file with one label per line"));
}

}  // namespace ds::ui
