#pragma once
// The network as a tree: stem (conv0, norm0, relu0, pool0), each dense block with its dense
// layers (expandable), each transition, norm5; every node shows its output shape C × H × W.
// Items carry the torchvision module name (Qt::UserRole).
#include <QHash>
#include <QWidget>

#include "densescope/config.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace ds::ui {

class NetworkTree : public QWidget {
    Q_OBJECT
public:
    explicit NetworkTree(QWidget* parent = nullptr);

    void setSummary(const ds::ModelSummary& summary);
    QTreeWidget* tree() const { return m_tree; }
    QTreeWidgetItem* itemFor(const QString& layer) const { return m_items.value(layer); }
    QString selectedLayer() const;

public slots:
    // Selects and reveals `layer`; does not emit layerSelected. Unknown names clear the selection.
    void selectLayer(const QString& layer);

signals:
    void layerSelected(const QString& layer);

protected:
    void changeEvent(QEvent* event) override;  // zoom: the bold items' own fonts follow

private:
    QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const ds::ModelSummary& summary,
                             const ds::LayerInfo& info, const QString& label);
    void describe(QTreeWidgetItem* item, const ds::ModelSummary& summary, const ds::LayerInfo& info,
                  const QString& label);

    QTreeWidget* m_tree = nullptr;
    QHash<QString, QTreeWidgetItem*> m_items;
    bool m_silent = false;
};

}  // namespace ds::ui
