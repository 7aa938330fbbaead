#include "explanation_tooltips.h"

#include <QStandardItemModel>
#include <QTreeWidgetItem>

#include "densescope/module_names.h"
#include "explanation.h"
#include "layer_table.h"
#include "network_tree.h"

namespace ds::ui {

void setExplanationToolTips(NetworkTree& tree, LayerTable& table, const ds::DenseNetConfig& config,
                            const ds::ModelSummary& summary) {
    QStandardItemModel* model = table.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        QStandardItem* nameItem = model->item(row, LayerTable::Name);
        const QString name = nameItem->data(LayerTable::kLayerRole).toString();
        if (!summary.find(name.toStdString())) continue;
        const QString tip = explain(config, summary, name).html();
        // Parameters and MACs keep their exact-count tooltips; a note already on the row (the
        // classifier is not selectable) stays after the explanation.
        for (int column : {LayerTable::Name, LayerTable::Type, LayerTable::InChannels,
                           LayerTable::OutChannels, LayerTable::Size}) {
            QStandardItem* item = model->item(row, column);
            const QString note = item->toolTip();
            item->setToolTip(
                note.isEmpty() ? tip : tip + QStringLiteral("<p>%1</p>").arg(note.toHtmlEscaped()));
        }
    }
    for (const ds::LayerInfo& info : summary.layers) {
        const QString name = QString::fromStdString(info.name);
        QTreeWidgetItem* item = tree.itemFor(name);
        if (!item) continue;
        const QString tip = explain(config, summary, name).html();
        item->setToolTip(0, tip);
        item->setToolTip(1, tip);
    }
    // The stem's group node stands for pool0, whose explanation covers the whole stem.
    if (QTreeWidgetItem* stem =
            tree.tree()->topLevelItemCount() ? tree.tree()->topLevelItem(0) : nullptr;
        stem && stem->data(0, Qt::UserRole).toString() == QLatin1String(ds::names::kPool0)) {
        const QString tip = explain(config, summary, QLatin1String(ds::names::kPool0)).html();
        stem->setToolTip(0, tip);
        stem->setToolTip(1, tip);
    }
}

}  // namespace ds::ui
