#include "network_tree.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include "layer_colors.h"
#include "densescope/module_names.h"

namespace ds::ui {

namespace {
constexpr int kNameRole = Qt::UserRole;

QString shape(const ds::LayerInfo& l) {
    return QStringLiteral("%1 × %2 × %3").arg(l.outChannels).arg(l.height).arg(l.width);
}
QString lastPart(const std::string& name) {
    const QString s = QString::fromStdString(name);
    return s.mid(s.lastIndexOf('.') + 1);
}
}  // namespace

NetworkTree::NetworkTree(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("networkTree"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("networkTreeView"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Layer"), tr("Output C × H × W")});
    // Both columns as wide as their text: a narrow (zoomed) dock scrolls sideways instead of
    // cutting "densebloc…" and "256 × 56 …".
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (m_silent || !item) return;
        const QString name = item->data(0, kNameRole).toString();
        if (!name.isEmpty()) emit layerSelected(name);
    });
}

void NetworkTree::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        // The items' tooltips are the explanations, which the window sets again.
        m_tree->setHeaderLabels({tr("Layer"), tr("Output C × H × W")});
        if (QTreeWidgetItem* stem = m_tree->topLevelItem(0)) stem->setText(0, tr("stem"));
        return;
    }
    if (event->type() != QEvent::FontChange) return;
    // The bold items (stem, blocks, transitions) carry a font of their own, made at the size
    // the tree had then: without this they kept it through a zoom.
    QFont bold = font();
    bold.setBold(true);
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if ((*it)->font(0).bold()) (*it)->setFont(0, bold);
}

QTreeWidgetItem* NetworkTree::addItem(QTreeWidgetItem* parent, const ds::ModelSummary& summary,
                                      const ds::LayerInfo& info, const QString& label) {
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    describe(item, summary, info, label);
    return item;
}

void NetworkTree::describe(QTreeWidgetItem* item, const ds::ModelSummary& summary,
                           const ds::LayerInfo& info, const QString& label) {
    const QString name = QString::fromStdString(info.name);
    item->setText(0, label);
    item->setText(1, shape(info));
    item->setData(0, kNameRole, name);
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    const QLocale locale;
    item->setToolTip(0, tr("%1\nin %2 channels → out %3 channels, %4 × %5\n%6 parameters")
                            .arg(name)
                            .arg(info.inChannels)
                            .arg(info.outChannels)
                            .arg(info.height)
                            .arg(info.width)
                            .arg(locale.toString(qlonglong(info.parameters))));
    item->setToolTip(1, item->toolTip(0));
    const QColor color = ds::ui::layerColor(summary, info);
    if (color.isValid()) item->setIcon(0, ds::ui::colorSwatch(color));
    m_items.insert(name, item);
}

void NetworkTree::setSummary(const ds::ModelSummary& summary) {
    const QString previous = selectedLayer();
    m_silent = true;
    m_tree->clear();
    m_items.clear();
    auto* stem = new QTreeWidgetItem(m_tree, {tr("stem")});
    QFont bold = m_tree->font();
    bold.setBold(true);
    stem->setFont(0, bold);
    QHash<int, QTreeWidgetItem*> blocks;
    // The summary lists a block's layers before the block; create the block node on first sight.
    auto blockItem = [&](int b) {
        if (!blocks.contains(b)) {
            auto* item = new QTreeWidgetItem(m_tree, {QStringLiteral("denseblock%1").arg(b)});
            item->setFont(0, bold);
            blocks.insert(b, item);
        }
        return blocks.value(b);
    };
    for (const auto& l : summary.layers) {
        switch (l.type) {
            case ds::LayerType::Stem:
            case ds::LayerType::Relu:
            case ds::LayerType::Pool:
                addItem(stem, summary, l, lastPart(l.name));
                break;
            case ds::LayerType::Norm:
                addItem(l.name == ds::names::kNorm5 ? nullptr : stem, summary, l, lastPart(l.name));
                break;
            case ds::LayerType::DenseLayer:
                addItem(blockItem(l.block), summary, l, lastPart(l.name));
                break;
            case ds::LayerType::DenseBlock: {
                // Fill the group node created for its layers with the block's own data.
                QTreeWidgetItem* item = blockItem(l.block);
                describe(item, summary, l, lastPart(l.name));
                item->setToolTip(
                    0, item->toolTip(0) + tr("\n%1 dense layers").arg(item->childCount()));
                item->setToolTip(1, item->toolTip(0));
                break;
            }
            case ds::LayerType::Transition:
                addItem(nullptr, summary, l, lastPart(l.name))->setFont(0, bold);
                break;
            case ds::LayerType::Classifier:
                break;  // not a feature map: not in the tree
        }
    }
    // The stem node stands for its output (pool0) and shows its shape.
    if (const auto* pool = summary.find(ds::names::kPool0)) {
        stem->setText(1, shape(*pool));
        stem->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        stem->setData(0, kNameRole, QString::fromStdString(pool->name));
        stem->setToolTip(0, tr("stem: 7×7 conv stride 2, BN, ReLU, 3×3 max pool stride 2"));
    }
    m_silent = false;
    selectLayer(previous);
}

QString NetworkTree::selectedLayer() const {
    auto* item = m_tree->currentItem();
    return item ? item->data(0, kNameRole).toString() : QString();
}

void NetworkTree::selectLayer(const QString& layer) {
    m_silent = true;
    QTreeWidgetItem* item = m_items.value(layer);
    if (item) {
        for (auto* p = item->parent(); p; p = p->parent()) p->setExpanded(true);
        m_tree->setCurrentItem(item);
        m_tree->scrollToItem(item);
    } else {
        m_tree->setCurrentItem(nullptr);
        m_tree->clearSelection();
    }
    m_silent = false;
}

}  // namespace ds::ui
