#include "layer_table.h"
#include "retranslate.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "human_format.h"
#include "layer_colors.h"

namespace ds::ui {

namespace {

QStandardItem* cell(const QString& text, const QVariant& sortKey,
                    Qt::Alignment align = Qt::AlignLeft) {
    auto* item = new QStandardItem(text);
    item->setData(sortKey, LayerTable::kSortRole);
    item->setTextAlignment(align | Qt::AlignVCenter);
    item->setEditable(false);
    return item;
}

QStandardItem* number(int64_t value, bool human) {
    QStandardItem* item = cell(human ? ds::ui::humanCount(value) : QString::number(value),
                               qlonglong(value), Qt::AlignRight);
    if (human) item->setToolTip(QLocale().toString(qlonglong(value)));
    return item;
}

}  // namespace

LayerTable::LayerTable(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("layerTable"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("layerFilter"));
    m_filter->setPlaceholderText(tr("Filter layers (e.g. denseblock3, transition)"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Name"), tr("Type"), tr("In"), tr("Out"), tr("Size"), tr("Parameters"), tr("MACs")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(kSortRole);
    m_proxy->setFilterKeyColumn(Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("layerTableView"));
    m_view->setModel(m_proxy);
    // Sorting is driven here, not by QTableView, so that there is a network order without
    // an arrow, and a way back to it.
    m_view->setSortingEnabled(false);
    QHeaderView* header = m_view->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setToolTip(
        tr("Click to sort; click again to reverse, a third time for network "
           "order"));
    connect(header, &QHeaderView::sectionClicked, this, &LayerTable::onHeaderClicked);
    connect(header, &QHeaderView::customContextMenuRequested, this, &LayerTable::showHeaderMenu);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (m_silent || !current.isValid()) return;
                // PgDn/End can make the classifier's row current: it has no map to show.
                if (!(current.flags() & Qt::ItemIsSelectable)) return;
                const QString name = current.siblingAtColumn(Name).data(kLayerRole).toString();
                if (!name.isEmpty()) emit layerSelected(name);
            });
    // The rows' tooltips are the explanations, which the window sets again.
    onLanguageChange(
        this,
        [this, header] {
            m_filter->setPlaceholderText(tr("Filter layers (e.g. denseblock3, transition)"));
            m_model->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("In"), tr("Out"),
                                                tr("Size"), tr("Parameters"), tr("MACs")});
            header->setToolTip(
                tr("Click to sort; click again to reverse, a third time for network "
                   "order"));
        },
        /*now=*/false);
}

void LayerTable::setSummary(const ds::ModelSummary& summary) {
    const QString previous = selectedLayer();
    m_silent = true;
    m_model->removeRows(0, m_model->rowCount());
    int order = 0;
    for (const auto& l : summary.layers) {
        const QString name = QString::fromStdString(l.name);
        QList<QStandardItem*> row;
        auto* nameItem = cell(name, order++);  // sorting by name = forward order
        nameItem->setData(name, kLayerRole);
        const QColor color = ds::ui::layerColor(summary, l);
        if (color.isValid()) nameItem->setIcon(ds::ui::colorSwatch(color));
        const QString type = QString::fromLatin1(ds::layerTypeName(l.type));
        row << nameItem << cell(type, int(l.type)) << number(l.inChannels, false)
            << number(l.outChannels, false)
            << cell(QStringLiteral("%1 × %2").arg(l.height).arg(l.width),
                    qlonglong(l.height) * l.width, Qt::AlignRight)
            << number(l.parameters, true) << number(l.macs, true);
        if (l.type == ds::LayerType::Classifier) {
            // Not a feature map the app can show: listed for its parameters, not selectable.
            for (auto* item : row) {
                item->setFlags(Qt::ItemIsEnabled);
                item->setToolTip(
                    tr("The classifier's output is the prediction, not a feature map."));
            }
        }
        if (l.type == ds::LayerType::DenseBlock || l.type == ds::LayerType::Transition) {
            QFont f = m_view->font();
            f.setBold(true);
            for (auto* item : row) item->setFont(f);
        }
        m_model->appendRow(row);
    }
    m_silent = false;
    selectLayer(previous);
}

int LayerTable::rowCount() const { return m_model->rowCount(); }

void LayerTable::sortBy(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_sortOrder = order;
    QHeaderView* header = m_view->horizontalHeader();
    header->setSortIndicatorShown(column >= 0);
    // Set even for -1: the header flips its own indicator on a click before we get here.
    header->setSortIndicator(column, order);
    m_proxy->sort(column, order);  // -1: the source model's order, which is forward order
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (current.isValid()) m_view->scrollTo(current);
}

void LayerTable::onHeaderClicked(int column) {
    if (column != m_sortColumn)
        sortBy(column, Qt::AscendingOrder);
    else if (m_sortOrder == Qt::AscendingOrder)
        sortBy(column, Qt::DescendingOrder);
    else
        sortBy(-1, Qt::AscendingOrder);
}

void LayerTable::showHeaderMenu(const QPoint& pos) {
    QMenu menu(this);
    QAction* network = menu.addAction(tr("Network order"));
    network->setEnabled(m_sortColumn >= 0);
    connect(network, &QAction::triggered, this, [this] { sortBy(-1, Qt::AscendingOrder); });
    menu.exec(m_view->horizontalHeader()->mapToGlobal(pos));
}

QString LayerTable::selectedLayer() const {
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.siblingAtColumn(Name).data(kLayerRole).toString()
                             : QString();
}

void LayerTable::selectLayer(const QString& layer) {
    m_silent = true;
    const QModelIndexList hits =
        m_model->match(m_model->index(0, Name), kLayerRole, layer, 1, Qt::MatchExactly);
    QModelIndex index = hits.isEmpty() ? QModelIndex() : m_proxy->mapFromSource(hits.first());
    if (!index.isValid() && !hits.isEmpty()) {
        m_filter->clear();  // the row is filtered out: show everything again
        index = m_proxy->mapFromSource(hits.first());
    }
    if (index.isValid()) {
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
    } else {
        m_view->selectionModel()->clearSelection();
        m_view->selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
    }
    m_silent = false;
}

}  // namespace ds::ui
