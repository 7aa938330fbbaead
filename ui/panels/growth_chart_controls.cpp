// GrowthChart: the comparison bar, the two plots' construction, the comparison dialog and the
// chart exports (the data and drawing are in growth_chart.cpp).
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QToolTip>

#include <qcustomplot.h>

#include "chart_export.h"
#include "custom_layout_dialog.h"
#include "densescope/errors.h"
#include "flow_layout.h"
#include "growth_chart.h"
#include "retranslate.h"

namespace ds::ui {

QWidget* GrowthChart::buildBar() {
    // Flowing: in a narrow dock the buttons wrap below instead of widening the window.
    auto* box = new QWidget(this);
    auto* bar = new FlowLayout(box);
    auto* pair = new QWidget(box);
    auto* pairRow = new QHBoxLayout(pair);
    pairRow->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(tr("Compare &with"), pair);
    pairRow->addWidget(label);
    m_variantCombo = new QComboBox(pair);
    m_variantCombo->setObjectName(QStringLiteral("comparisonCombo"));
    for (const auto& name : ds::DenseNetConfig::variantNames())
        m_variantCombo->addItem(QString::fromStdString(name), QString::fromStdString(name));
    m_variantCombo->addItem(tr("Custom layout…"), QString());
    m_variantCombo->setToolTip(tr("A variant or your own layout to draw beside this model"));
    label->setBuddy(m_variantCombo);
    pairRow->addWidget(m_variantCombo);
    bar->addWidget(pair);
    auto* add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("addComparisonButton"));
    auto* clearButton = new QPushButton(tr("Clear"), this);
    clearButton->setObjectName(QStringLiteral("clearComparisonsButton"));
    bar->addWidget(add);
    bar->addWidget(clearButton);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("chartExportButton"));
    m_exportButton->setText(tr("Export"));
    m_exportButton->setToolTip(tr("Save a chart as PNG, SVG or PDF"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_exportButton);
    QAction* growthExport = menu->addAction(tr("Channel growth chart…"), this, [this] {
        exportChart(m_plot, QStringLiteral("channel-growth"));
    });
    QAction* costExport = menu->addAction(tr("Cost per stage chart…"), this, [this] {
        exportChart(m_costPlot, QStringLiteral("cost-per-stage"));
    });
    m_exportButton->setMenu(menu);
    bar->addWidget(m_exportButton);
    connect(add, &QPushButton::clicked, this, &GrowthChart::addChosenComparison);
    connect(clearButton, &QPushButton::clicked, this, &GrowthChart::clearComparisons);
    onLanguageChange(
        this,
        [=] {
            label->setText(tr("Compare &with"));
            m_variantCombo->setItemText(m_variantCombo->count() - 1, tr("Custom layout…"));
            m_variantCombo->setToolTip(
                tr("A variant or your own layout to draw beside this model"));
            add->setText(tr("Add"));
            clearButton->setText(tr("Clear"));
            m_exportButton->setText(tr("Export"));
            m_exportButton->setToolTip(tr("Save a chart as PNG, SVG or PDF"));
            growthExport->setText(tr("Channel growth chart…"));
            costExport->setText(tr("Cost per stage chart…"));
        },
        /*now=*/false);
    return box;
}

QCustomPlot* GrowthChart::buildGrowthPlot() {
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("growthPlot"));
    m_plot->xAxis->setLabel(tr("depth (dense layers and transitions)"));
    m_plot->yAxis->setLabel(tr("channels"));
    // The legend gets a row of its own above the plot: inside the axis rect it covered curves.
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->legend->setVisible(true);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &GrowthChart::onGrowthMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &GrowthChart::onGrowthPress);
    m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_plot, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        showPlotMenu(m_plot, QStringLiteral("channel-growth"), at);
    });
    return m_plot;
}

QCustomPlot* GrowthChart::buildCostPlot() {
    m_costPlot = new QCustomPlot(this);
    m_costPlot->setObjectName(QStringLiteral("blockCostPlot"));
    // Rows: title, legend, bars. The legend above the axis rect never covers bars or ticks.
    m_costPlot->plotLayout()->insertRow(0);
    m_costPlot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_costPlot, tr("Cost per stage"), QFont(font().family(), -1, QFont::Bold)));
    m_costPlot->plotLayout()->insertRow(1);
    m_costPlot->plotLayout()->addElement(1, 0, m_costPlot->legend);
    m_costPlot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_costPlot->legend->setBorderPen(Qt::NoPen);
    m_costPlot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_costPlot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_costPlot->legend->setVisible(true);
    m_costPlot->installEventFilter(this);  // labels follow the width (updateCostLabels)
    connect(m_costPlot, &QCustomPlot::mousePress, this, &GrowthChart::onCostPress);
    m_costPlot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_costPlot, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        showPlotMenu(m_costPlot, QStringLiteral("cost-per-stage"), at);
    });
    return m_costPlot;
}

void GrowthChart::addChosenComparison() {
    const QString name = m_variantCombo->currentData().toString();
    ds::DenseNetConfig config;
    if (name.isEmpty()) {
        CustomLayoutDialog dialog(this);
        if (dialog.exec() != QDialog::Accepted) return;
        config = dialog.config();
    } else {
        config = ds::DenseNetConfig::variant(name.toStdString());
    }
    try {
        addComparison(config);
    } catch (const ds::Error& e) {
        QToolTip::showText(m_variantCombo->mapToGlobal(QPoint(0, 0)),
                           QString::fromStdString(e.what()));
    }
}

void GrowthChart::exportChart(QCustomPlot* plot, const QString& baseName) {
    try {
        const QString path = exportPlotWithDialog(this, plot, baseName);
        if (!path.isEmpty())
            QToolTip::showText(m_exportButton->mapToGlobal(QPoint(0, m_exportButton->height())),
                               tr("Saved %1").arg(QDir::toNativeSeparators(path)), this);
    } catch (const ds::Error& e) {
        QMessageBox::warning(this, tr("Export chart"), QString::fromStdString(e.what()));
    }
}

void GrowthChart::showPlotMenu(QCustomPlot* plot, const QString& baseName, const QPoint& at) {
    QMenu menu(this);
    menu.addAction(tr("Export as PNG, SVG or PDF…"), this,
                   [=] { exportChart(plot, baseName); });
    menu.exec(plot->mapToGlobal(at));
}

}  // namespace ds::ui
