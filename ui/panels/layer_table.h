#pragma once
// Every layer of the model in a sortable table: name, type, in/out channels, output size,
// parameters and MACs (shown human readable, sorted by value). It opens in network (forward)
// order with no sort arrow; a header click sorts by that column, a second click reverses, a
// third returns to network order (also in the header's context menu). Dense layers carry the
// colour of layer_colors.h.
#include <QWidget>

#include "densescope/config.h"

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace ds::ui {

class LayerTable : public QWidget {
    Q_OBJECT
public:
    enum Column { Name, Type, InChannels, OutChannels, Size, Parameters, Macs, ColumnCount };
    static constexpr int kSortRole = Qt::UserRole + 1;   // numeric value used for sorting
    static constexpr int kLayerRole = Qt::UserRole + 2;  // torchvision module name

    explicit LayerTable(QWidget* parent = nullptr);

    void setSummary(const ds::ModelSummary& summary);
    QTableView* view() const { return m_view; }
    QStandardItemModel* model() const { return m_model; }  // source model, forward order
    QString selectedLayer() const;
    int rowCount() const;
    // The column sorted by, or -1 in network order.
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void sortBy(int column, Qt::SortOrder order);  // column -1: network order

public slots:
    // Selects and scrolls to `layer`; does not emit layerSelected.
    void selectLayer(const QString& layer);

signals:
    void layerSelected(const QString& layer);

private:
    void onHeaderClicked(int column);
    void showHeaderMenu(const QPoint& pos);

    QTableView* m_view = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filter = nullptr;
    bool m_silent = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

}  // namespace ds::ui
