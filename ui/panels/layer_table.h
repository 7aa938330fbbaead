#pragma once
// Every layer of the model in a sortable table: name, type, in/out channels, output size,
// parameters and MACs (shown human readable, sorted by value). Sorting by name restores
// forward order. Dense layers carry the colour of layer_colors.h.
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

public slots:
    // Selects and scrolls to `layer`; does not emit layerSelected.
    void selectLayer(const QString& layer);

signals:
    void layerSelected(const QString& layer);

private:
    QTableView* m_view = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filter = nullptr;
    bool m_silent = false;
};

}  // namespace ds::ui
