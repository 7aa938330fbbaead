#include "custom_layout_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "densescope/errors.h"

namespace ds::ui {

namespace {
// Ranges wider than the valid ones, so validate() explains a bad value instead of the box
// silently clamping it (as in the Model panel).
QSpinBox* spin(const QString& name, int max) {
    auto* s = new QSpinBox;
    s->setObjectName(name);
    s->setRange(0, max);
    return s;
}

QString joinBlocks(const std::vector<int>& blocks) {
    QStringList parts;
    for (int b : blocks) parts << QString::number(b);
    return parts.join(QLatin1Char(','));
}
}  // namespace

CustomLayoutDialog::CustomLayoutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("customLayoutDialog"));
    setWindowTitle(tr("Compare with a custom layout"));
    m_growthRate = spin(QStringLiteral("comparisonGrowthRate"), 99999);
    m_growthRate->setToolTip(tr("Growth rate k: channels each dense layer adds"));
    m_blocks = new QLineEdit;
    m_blocks->setObjectName(QStringLiteral("comparisonBlocks"));
    m_blocks->setToolTip(tr("Dense layers per block, e.g. 6,12,24,16"));
    m_initFeatures = spin(QStringLiteral("comparisonInitFeatures"), 99999);
    m_initFeatures->setToolTip(tr("Channels after the stem (k0 of the first block)"));
    m_compression = new QDoubleSpinBox;
    m_compression->setObjectName(QStringLiteral("comparisonCompression"));
    m_compression->setRange(0.0, 9.0);
    m_compression->setSingleStep(0.05);
    m_compression->setDecimals(2);
    m_compression->setToolTip(tr("Transition compression theta in (0, 1]"));
    m_bnSize = spin(QStringLiteral("comparisonBnSize"), 999);
    m_bnSize->setToolTip(tr("Bottleneck width factor: the 1x1 conv outputs bn_size * k channels"));
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("comparisonLayoutError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to the chart"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("Growth rate k"), m_growthRate);
    form->addRow(tr("Blocks"), m_blocks);
    form->addRow(tr("Initial features"), m_initFeatures);
    form->addRow(tr("Compression θ"), m_compression);
    form->addRow(tr("bn_size"), m_bnSize);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    // Wide enough for its title beside the window manager's buttons: a narrow form made it
    // "Compare with a cu…".
    setMinimumWidth(fontMetrics().horizontalAdvance(windowTitle()) + fontMetrics().height() * 8);
    for (QSpinBox* s : {m_growthRate, m_initFeatures, m_bnSize})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &CustomLayoutDialog::revalidate);
    connect(m_compression, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            &CustomLayoutDialog::revalidate);
    connect(m_blocks, &QLineEdit::textChanged, this, &CustomLayoutDialog::revalidate);
    ds::DenseNetConfig start;  // densenet121's numbers: a familiar place to start editing
    start.growthRate = 12;
    start.initFeatures = 24;
    setConfig(start);
}

void CustomLayoutDialog::setConfig(const ds::DenseNetConfig& config) {
    m_growthRate->setValue(config.growthRate);
    m_blocks->setText(joinBlocks(config.blockConfig));
    m_initFeatures->setValue(config.initFeatures);
    m_compression->setValue(config.compression);
    m_bnSize->setValue(config.bnSize);
    revalidate();
}

ds::DenseNetConfig CustomLayoutDialog::config() const {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = m_growthRate->value();
    try {
        c.blockConfig = ds::DenseNetConfig::parseBlocks(m_blocks->text().toStdString());
    } catch (const ds::Error&) {
        c.blockConfig.clear();  // errorText() explains it
    }
    c.initFeatures = m_initFeatures->value();
    c.compression = m_compression->value();
    c.bnSize = m_bnSize->value();
    return c;
}

QString CustomLayoutDialog::errorText() const {
    try {
        ds::DenseNetConfig::parseBlocks(m_blocks->text().toStdString());
        const ds::DenseNetConfig c = config();
        c.validate();
        ds::summarize(c);  // an input too small for so many transitions is refused here
    } catch (const ds::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void CustomLayoutDialog::revalidate() {
    const QString error = errorText();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

}  // namespace ds::ui
