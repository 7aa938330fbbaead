#include "model_panel.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "config_text.h"
#include "densescope/errors.h"
#include "densescope/imagenet_weights.h"
#include "densescope/memory_estimate.h"
#include "error_text.h"
#include "human_format.h"
#include "retranslate.h"
#include "weights_catalog.h"
#include "wheel_guard.h"

namespace ds::ui {

namespace {

enum WeightsIndex { kRandom = 0, kImagenet = 1, kFile = 2 };
const QString kCustom = QStringLiteral("custom");

}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("modelPanel"));
    m_variant = new QComboBox;
    m_variant->setObjectName(QStringLiteral("variantCombo"));
    for (const auto& name : ds::DenseNetConfig::variantNames()) {
        const QString n = QString::fromStdString(name);
        const auto c = ds::DenseNetConfig::variant(name);
        m_variant->addItem(QStringLiteral("%1  (k=%2)").arg(n).arg(c.growthRate), n);
    }
    m_variant->addItem(tr("Custom layout…"), kCustom);
    m_variant->setToolTip(
        tr("torchvision's DenseNet variants, the paper's DenseNet-264, or your own layout"));

    auto* form = new QFormLayout;
    form->addRow(tr("Variant"), m_variant);
    form->addRow(buildCustomGroup());
    QLayout* fileRow = nullptr;
    form->addRow(tr("Weights"), buildWeightsRows(&fileRow));
    form->addRow(QString(), fileRow);
    form->addRow(tr("Device"), buildDeviceRow());
    // Narrow combos: the model column should leave the width to the feature maps.
    for (QComboBox* c : {m_variant, m_weights, m_device}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(c == m_device ? 6 : 12);
    }
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_variant, m_weights, m_device, m_seed, m_growthRate,
                                         m_initFeatures, m_compression, m_bnSize})
        ignoreWheelUnlessFocused(w);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    buildInfoLabels(layout);
    layout->addStretch(1);
    connectControls();
    onVariantChanged();
    onLanguageChange(
        this, [this, form] { retranslate(form); }, /*now=*/false);
}

void ModelPanel::fitSeedWidth() {
    // Its hint is wide enough for "seed 1000000000"; the model column must stay narrow on a
    // 1280-pixel screen, and a typical seed is short: room for the prefix and five digits,
    // in the current (zoomed) font, beside the arrows.
    const QFontMetrics metrics(m_seed->font());
    m_seed->setMinimumWidth(metrics.horizontalAdvance(m_seed->prefix() + QStringLiteral("00000")) +
                            metrics.averageCharWidth() * 4);
}

void ModelPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) fitSeedWidth();
}

QLayout* ModelPanel::buildWeightsRows(QLayout** fileRow) {
    m_weights = new QComboBox;
    m_weights->setObjectName(QStringLiteral("weightsCombo"));
    m_weights->addItem(tr("Random (untrained)"), QStringLiteral("random"));
    m_weights->addItem(tr("ImageNet (torch hub cache)"), QStringLiteral("imagenet"));
    m_weights->addItem(tr("File…"), QStringLiteral("file"));
    m_seed = wideSpin(QStringLiteral("seedSpin"), 0, 1'000'000'000);
    m_seed->setPrefix(tr("seed "));
    fitSeedWidth();
    m_weightsPath = new QLineEdit;
    m_weightsPath->setObjectName(QStringLiteral("weightsPathEdit"));
    m_weightsPath->setReadOnly(true);
    m_weightsPath->setPlaceholderText(tr(".pth or .safetensors; or drop a file on the window"));
    m_browse = new QToolButton;
    m_browse->setObjectName(QStringLiteral("weightsBrowseButton"));
    m_browse->setText(QStringLiteral("…"));
    m_browse->setToolTip(tr("Choose a weights file"));
    m_download = new QPushButton;
    m_download->setObjectName(QStringLiteral("imagenetDownloadButton"));
    m_download->hide();
    connect(m_download, &QPushButton::clicked, this, [this] {
        emit downloadImagenetRequested(QString::fromStdString(request().config.name));
    });
    auto* weightsRow = new QHBoxLayout;
    weightsRow->addWidget(m_weights, 1);
    weightsRow->addWidget(m_seed);
    auto* files = new QHBoxLayout;
    files->addWidget(m_weightsPath, 1);
    files->addWidget(m_browse);
    files->addWidget(buildLabelsButton());
    files->addWidget(m_download);  // on the row under the weights box: it keeps its width
    files->addStretch(0);
    *fileRow = files;
    return weightsRow;
}

QLayout* ModelPanel::buildDeviceRow() {
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("Auto"), int(ds::DeviceKind::Auto));
    m_device->addItem(tr("CPU"), int(ds::DeviceKind::Cpu));
    m_device->addItem(tr("CUDA"), int(ds::DeviceKind::Cuda));
    setCudaAvailable(ds::Engine::cudaAvailable());
    m_deviceLabel = new QLabel;
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    m_deviceLabel->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(m_device);
    row->addWidget(m_deviceLabel, 1);
    return row;
}

void ModelPanel::connectControls() {
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(500);
    connect(m_debounce, &QTimer::timeout, this, &ModelPanel::emitIfValid);
    connect(m_variant, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ModelPanel::onVariantChanged);
    connect(m_weights, qOverload<int>(&QComboBox::activated), this, [this] {
        m_weightsAuto = false;
        onWeightsKindChanged();
    });
    connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        m_weightsAuto = false;
        m_debounce->start();
    });
    connect(m_browse, &QToolButton::clicked, this, &ModelPanel::browseWeights);
    connect(m_device, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!m_silent) setDeviceNote({});  // the user has chosen: an old fallback note is moot
        emitIfValid();
    });
}

QString ModelPanel::imagenetPath(const ds::DenseNetConfig& config, QString* why) {
    try {
        return QString::fromStdString(ds::findImagenetWeights(config));
    } catch (const ds::Error& e) {
        if (why) *why = QString::fromUtf8(e.what());
    }
    return {};
}

ds::ui::ModelRequest ModelPanel::request() const {
    ds::ui::ModelRequest r;
    const QString variant = m_variant->currentData().toString();
    if (variant == kCustom) {
        r.config.name = "custom";
        r.config.growthRate = m_growthRate->value();
        try {
            r.config.blockConfig = ds::DenseNetConfig::parseBlocks(m_blocks->text().toStdString());
        } catch (const ds::Error&) {
            r.config.blockConfig
                .clear();  // validate() explains; emitIfValid() shows parseBlocks' message
        }
        r.config.initFeatures = m_initFeatures->value();
        r.config.compression = m_compression->value();
        r.config.bnSize = m_bnSize->value();
    } else {
        r.config = ds::DenseNetConfig::variant(variant.toStdString());
    }
    switch (m_weights->currentIndex()) {
        case kImagenet:
            r.weights = QStringLiteral("imagenet");
            break;
        case kFile:
            r.weights = m_weightsPath->text();
            r.labels = m_labelsPath;
            break;
        default:
            r.weights = QStringLiteral("random:%1").arg(m_seed->value());
            break;
    }
    r.device = ds::DeviceKind(m_device->currentData().toInt());
    return r;
}

void ModelPanel::setRequest(const ds::ui::ModelRequest& request) {
    m_silent = true;
    const auto& c = request.config;
    const int named = m_variant->findData(QString::fromStdString(c.name));
    if (named >= 0 && c.name != "custom" && c == ds::DenseNetConfig::variant(c.name)) {
        m_variant->setCurrentIndex(named);
    } else {
        m_variant->setCurrentIndex(m_variant->findData(kCustom));
        fillCustomFields(c);
    }
    const QString& w = request.weights;
    if (w == QLatin1String("imagenet")) {
        m_weights->setCurrentIndex(kImagenet);
    } else if (w == QLatin1String("random") || w.startsWith(QLatin1String("random:"))) {
        m_weights->setCurrentIndex(kRandom);
        m_seed->setValue(w.section(QLatin1Char(':'), 1).toInt());
    } else {
        m_weights->setCurrentIndex(kFile);
        m_weightsPath->setText(w);
        m_labelsPath = request.labels;
    }
    m_weightsAuto = false;
    m_lastWeights = m_weights->currentIndex();
    m_device->setCurrentIndex(std::max(0, m_device->findData(int(request.device))));
    m_debounce->stop();
    m_layoutPending = false;
    updateImagenetItem();
    updateVisibility();
    updateSummary();
    m_silent = false;
}

void ModelPanel::setWeightsFile(const QString& path) {
    m_weightsAuto = false;
    m_weightsPath->setText(QDir::toNativeSeparators(path));
    m_labelsPath = m_remember ? rememberedLabels(m_weightsPath->text()) : QString();
    m_weights->setCurrentIndex(kFile);
    onWeightsKindChanged();
}

void ModelPanel::setLoaded(const ds::ui::ModelInfo& info) {
    m_loaded = info.config;
    m_info = info;
    showLoaded(info);
    setError(info.labelsError);
}

void ModelPanel::showLoaded(const ds::ui::ModelInfo& info) {
    m_deviceLabel->setText(QStringLiteral("→ %1").arg(info.deviceDescription));
    QString weights = info.weightsDescription;
    if (info.randomWeights) weights += tr(" — untrained, predictions are meaningless");
    QString text = tr("Loaded: %1 (%2 ms)<br>Weights: %3")
                       .arg(QString::fromStdString(info.config.name))
                       .arg(qRound(info.loadMs))
                       .arg(weights.toHtmlEscaped());
    if (!info.labels.isEmpty())
        text += QStringLiteral("<br>") +
                tr("Labels: %1").arg(QFileInfo(info.labels).fileName().toHtmlEscaped());
    for (const QString& note : info.weightsNotes)
        text += QStringLiteral("<br>") + note.toHtmlEscaped();
    m_weightsLabel->setText(text);
    m_weightsLabel->setToolTip(info.labels.isEmpty()
                                   ? info.weightsDescription
                                   : info.weightsDescription + QLatin1Char('\n') + info.labels);
}

void ModelPanel::setLoadedDescriptions(const ds::ui::ModelInfo& info) {
    m_info = info;
    showLoaded(info);
}

void ModelPanel::retranslate(QFormLayout* form) {
    const auto label = [](QFormLayout* f, QWidget* field, const QString& text) {
        if (auto* l = qobject_cast<QLabel*>(f->labelForField(field))) l->setText(text);
    };
    m_variant->setItemText(m_variant->count() - 1, tr("Custom layout…"));
    m_variant->setToolTip(
        tr("torchvision's DenseNet variants, the paper's DenseNet-264, or your own layout"));
    label(form, m_variant, tr("Variant"));
    for (int row = 0; row < form->rowCount(); ++row) {
        // The weights and device rows are layouts: their labels by the row they are in.
        QLayoutItem* field = form->itemAt(row, QFormLayout::FieldRole);
        auto* l = qobject_cast<QLabel*>(form->itemAt(row, QFormLayout::LabelRole)
                                            ? form->itemAt(row, QFormLayout::LabelRole)->widget()
                                            : nullptr);
        if (!field || !field->layout() || !l) continue;
        if (field->layout()->indexOf(m_weights) >= 0) l->setText(tr("Weights"));
        if (field->layout()->indexOf(m_device) >= 0) l->setText(tr("Device"));
    }
    m_weights->setItemText(kRandom, tr("Random (untrained)"));
    m_weights->setItemText(kImagenet, tr("ImageNet (torch hub cache)"));
    m_weights->setItemText(kFile, tr("File…"));
    m_seed->setPrefix(tr("seed "));
    fitSeedWidth();
    m_weightsPath->setPlaceholderText(tr(".pth or .safetensors; or drop a file on the window"));
    m_browse->setToolTip(tr("Choose a weights file"));
    m_device->setItemText(0, tr("Auto"));
    m_device->setItemText(1, tr("CPU"));
    if (auto* model = qobject_cast<QStandardItemModel*>(m_device->model()))
        if (QStandardItem* cuda = model->item(m_device->findData(int(ds::DeviceKind::Cuda))))
            setCudaAvailable(cuda->isEnabled());
    retranslateSections();
    updateImagenetItem();
    updateSummary();
    if (m_info) showLoaded(*m_info);
    if (!m_switchLayout->isHidden()) offerLayout(m_offer);
}

void ModelPanel::onVariantChanged() {
    const bool custom = m_variant->currentData().toString() == kCustom;
    if (!m_silent && custom) {
        // Start from the model in use, and wait for "Load layout" (see buildCustomGroup).
        if (m_loaded) fillCustomFields(*m_loaded);
        m_layoutPending = true;
    }
    if (!m_silent) {
        const auto config = request().config;
        const bool file = m_weights->currentIndex() == kFile;
        const bool imagenetMissing = imagenetPath(config).isEmpty();
        // A file fits one variant only; otherwise keep the user's choice where it still works.
        if (file || m_weightsAuto || (m_weights->currentIndex() == kImagenet && imagenetMissing)) {
            m_weights->setCurrentIndex(imagenetMissing ? kRandom : kImagenet);
            m_weightsAuto = true;
        }
    }
    updateImagenetItem();
    updateVisibility();
    emitIfValid();
}

void ModelPanel::onWeightsKindChanged() {
    if (m_weights->currentIndex() == kFile && m_weightsPath->text().isEmpty()) {
        browseWeights();
        return;
    }
    updateVisibility();
    emitIfValid();
}

void ModelPanel::setCudaAvailable(bool available) {
    auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
    QStandardItem* item =
        model ? model->item(m_device->findData(int(ds::DeviceKind::Cuda))) : nullptr;
    if (!item) return;
    item->setEnabled(available);
    item->setText(available ? tr("CUDA") : tr("CUDA (no GPU found)"));
    item->setToolTip(available ? QString()
                               : tr("No CUDA GPU is available on this computer (or this LibTorch "
                                    "was built without CUDA). The model runs on the CPU."));
}

void ModelPanel::setDeviceNote(const QString& note) {
    m_deviceNote->setText(note);
    m_deviceNote->setVisible(!note.isEmpty());
}

void ModelPanel::browseWeights() {
    const QString start = m_weightsPath->text().isEmpty()
                              ? QString::fromStdString(ds::torchHubCheckpointDir())
                              : QFileInfo(m_weightsPath->text()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open weights"), start,
        tr("Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;All files (*)"));
    if (path.isEmpty()) {
        // Cancelled: show the weights in use again.
        if (m_weightsPath->text().isEmpty()) m_weights->setCurrentIndex(m_lastWeights);
        updateVisibility();
        return;
    }
    setWeightsFile(path);
}

void ModelPanel::updateImagenetItem() {
    auto* model = qobject_cast<QStandardItemModel*>(m_weights->model());
    QString why;
    const auto config = request().config;
    const QString path = imagenetPath(config, &why);
    if (QStandardItem* item = model ? model->item(kImagenet) : nullptr) {
        item->setEnabled(!path.isEmpty());
        if (path.isEmpty() && why.isEmpty())
            why = tr("Put %1 into %2.")
                      .arg(QString::fromStdString(ds::imagenetFileName(config.name)),
                           QString::fromStdString(ds::torchHubCheckpointDir()));
        item->setToolTip(path.isEmpty() ? why : path);
    }
    // Missing official weights: offer them in one click (the window opens the download).
    const ds::net::OfficialWeights* official = ds::net::officialFor(QString::fromStdString(config.name));
    const bool offer = path.isEmpty() && official && config == ds::DenseNetConfig::variant(config.name);
    // Without an official file the button is hidden, and has no text (nor one in another language).
    m_download->setText(
        official
            ? tr("Download ImageNet weights (%1)").arg(ds::net::megabytes(official->approxBytes()))
            : QString());
    m_download->setToolTip(offer ? tr("Download the ImageNet weights for %1 into %2, then use them.")
                                       .arg(official->variant, QString::fromStdString(ds::torchHubCheckpointDir()))
                                 : QString());
    m_download->setVisible(offer);
}

void ModelPanel::updateVisibility() {
    const bool custom = m_variant->currentData().toString() == kCustom;
    m_custom->setVisible(custom);
    m_seed->setVisible(m_weights->currentIndex() == kRandom);
    const bool file = m_weights->currentIndex() == kFile;
    m_weightsPath->setVisible(file);
    m_browse->setVisible(file);
    m_labelsButton->setVisible(file);
    updateSummary();
}

void ModelPanel::updateSummary() {
    const auto config = request().config;
    const bool custom = m_variant->currentData().toString() == kCustom;
    try {
        if (custom)
            ds::DenseNetConfig::parseBlocks(
                m_blocks->text().toStdString());  // its message is clearer
        config.validate();
        if (custom) ds::checkMemoryFits(config);  // in place, before a load is even tried
        const auto s = ds::summarize(config);
        m_summary->setText(tr("<b>%1 parameters</b> · %2 at 224×224<br>%3")
                               .arg(ds::ui::humanCount(s.parameters),
                                    ds::ui::humanCount(s.macs) + tr(" MACs"),
                                    ds::ui::layoutText(config).toHtmlEscaped()));
        if (custom) setError({});
        m_loadLayout->setEnabled(true);
    } catch (const ds::Error& e) {
        m_summary->setText(tr("—"));
        setError(errorText(e));  // in the language shown (error_text.h)
        m_loadLayout->setEnabled(false);
    }
}

bool ModelPanel::emitIfValid() {
    m_debounce->stop();
    if (m_silent) return false;
    auto r = request();
    if (m_variant->currentData().toString() == kCustom) {
        if (m_layoutPending) return false;  // until "Load layout"
        try {
            ds::DenseNetConfig::parseBlocks(m_blocks->text().toStdString());
            r.config.validate();
            ds::checkMemoryFits(r.config);
        } catch (const ds::Error& e) {
            setError(QString::fromUtf8(e.what()));
            return false;
        }
    }
    if (m_weights->currentIndex() == kFile && r.weights.isEmpty()) return false;
    m_lastWeights = m_weights->currentIndex();
    emit requestChanged(r);
    return true;
}

}  // namespace ds::ui
