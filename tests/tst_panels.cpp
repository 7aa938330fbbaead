// The network tree, the layer table and the channel-growth chart on summaries computed
// from configs (no model), and the selection sync between them. Offscreen platform.
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

#include "growth_chart.h"
#include "layer_table.h"
#include "network_tree.h"
#include "panels_test_util.h"

using namespace ds::ui;
using namespace panels_test;

namespace {

QTreeWidgetItem* topLevel(NetworkTree& tree, const QString& text) {
    for (int i = 0; i < tree.tree()->topLevelItemCount(); ++i)
        if (tree.tree()->topLevelItem(i)->text(0) == text) return tree.tree()->topLevelItem(i);
    return nullptr;
}

}  // namespace

class TestPanels : public QObject {
    Q_OBJECT
private slots:
    void treeNodes();
    void growthSeries_data();
    void growthSeries();
    void growthReferenceWidths();
    void stageCosts();
    void tableSorting();
    void selectionSync();
    void chartClickAndTooltip();
    void comparisons();
};

void TestPanels::treeNodes() {
    NetworkTree tree;
    tree.setSummary(variantSummary("densenet121"));
    QStringList tops;
    for (int i = 0; i < tree.tree()->topLevelItemCount(); ++i)
        tops << tree.tree()->topLevelItem(i)->text(0);
    QCOMPARE(tops, QStringList({"stem", "denseblock1", "transition1", "denseblock2", "transition2",
                                "denseblock3", "transition3", "denseblock4", "norm5"}));
    QTreeWidgetItem* stem = topLevel(tree, "stem");
    QStringList stemChildren;
    for (int i = 0; i < stem->childCount(); ++i) stemChildren << stem->child(i)->text(0);
    QCOMPARE(stemChildren, QStringList({"conv0", "norm0", "relu0", "pool0"}));
    QCOMPARE(tree.itemFor("features.conv0")->text(1), QStringLiteral("64 × 112 × 112"));
    QCOMPARE(tree.itemFor("features.pool0")->text(1), QStringLiteral("64 × 56 × 56"));
    QCOMPARE(stem->text(1), QStringLiteral("64 × 56 × 56"));
    QCOMPARE(topLevel(tree, "denseblock1")->childCount(), 6);
    QCOMPARE(topLevel(tree, "denseblock3")->childCount(), 24);
    QCOMPARE(tree.itemFor("features.denseblock1")->text(1), QStringLiteral("256 × 56 × 56"));
    QCOMPARE(tree.itemFor("features.denseblock1.denselayer3")->text(1),
             QStringLiteral("32 × 56 × 56"));
    QCOMPARE(tree.itemFor("features.transition1")->text(1), QStringLiteral("128 × 28 × 28"));
    QCOMPARE(tree.itemFor("features.denseblock3")->text(1), QStringLiteral("1024 × 14 × 14"));
    QCOMPARE(tree.itemFor("features.norm5")->text(1), QStringLiteral("1024 × 7 × 7"));
    QVERIFY(!tree.itemFor("classifier"));

    tree.setSummary(tinySummary());  // k=4, blocks 2-3, init 8, input 64
    QCOMPARE(tree.tree()->topLevelItemCount(), 5);
    QCOMPARE(tree.itemFor("features.conv0")->text(1), QStringLiteral("8 × 32 × 32"));
    QCOMPARE(tree.itemFor("features.pool0")->text(1), QStringLiteral("8 × 16 × 16"));
    QCOMPARE(tree.itemFor("features.denseblock1")->childCount(), 2);
    QCOMPARE(tree.itemFor("features.denseblock1")->text(1), QStringLiteral("16 × 16 × 16"));
    QCOMPARE(tree.itemFor("features.transition1")->text(1), QStringLiteral("8 × 8 × 8"));
    QCOMPARE(tree.itemFor("features.denseblock2")->childCount(), 3);
    QCOMPARE(tree.itemFor("features.denseblock2.denselayer3")->text(1),
             QStringLiteral("4 × 8 × 8"));
    QCOMPARE(tree.itemFor("features.norm5")->text(1), QStringLiteral("20 × 8 × 8"));
}

void TestPanels::growthSeries_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<QList<int>>("blocks");
    QTest::addColumn<int>("init");
    QTest::addColumn<double>("theta");
    QTest::newRow("densenet121") << 32 << QList<int>{6, 12, 24, 16} << 64 << 0.5;
    QTest::newRow("densenet161") << 48 << QList<int>{6, 12, 36, 24} << 96 << 0.5;
    QTest::newRow("custom theta 0.5") << 12 << QList<int>{3, 4, 5} << 24 << 0.5;
    QTest::newRow("custom theta 0.3") << 10 << QList<int>{4, 4} << 16 << 0.3;
    QTest::newRow("custom theta 0.75") << 7 << QList<int>{5, 2, 3} << 11 << 0.75;
}

void TestPanels::growthSeries() {
    QFETCH(int, k);
    QFETCH(QList<int>, blocks);
    QFETCH(int, init);
    QFETCH(double, theta);
    const ds::ModelSummary summary =
        ds::summarize(custom(k, {blocks.begin(), blocks.end()}, init, theta));
    GrowthChart chart;
    chart.setSummary(summary);
    // Expected from docs/model.md: k0 + k*l in a block, floor(theta * C) at each transition.
    QVector<double> expected{double(init)};
    int c0 = init;
    for (int b = 0; b < blocks.size(); ++b) {
        for (int l = 1; l <= blocks[b]; ++l) expected << c0 + k * l;
        if (b + 1 < blocks.size()) {
            c0 = int(std::floor(theta * (c0 + k * blocks[b])));
            expected << c0;
        } else {
            c0 += k * blocks[b];
        }
    }
    const QVector<QPointF> series = chart.growthSeries();
    QCOMPARE(series.size(), expected.size());
    for (int i = 0; i < series.size(); ++i) {
        QCOMPARE(series[i].x(), double(i));
        QCOMPARE(series[i].y(), expected[i]);
    }
    const QStringList layers = chart.growthLayers();
    QCOMPARE(layers.first(), QStringLiteral("features.pool0"));
    QCOMPARE(layers[blocks[0] + 1], QStringLiteral("features.transition1"));
    QCOMPARE(
        layers.last(),
        QStringLiteral("features.denseblock%1.denselayer%2").arg(blocks.size()).arg(blocks.last()));
    // The line graph in the plot holds the same data.
    QCPGraph* line = chart.plot()->graph(0);
    QCOMPARE(line->dataCount(), int(expected.size()));
    QCOMPARE(line->data()->at(1)->value, expected[1]);
    // One shaded rectangle and one label per block.
    int rects = 0, texts = 0;
    for (int i = 0; i < chart.plot()->itemCount(); ++i) {
        rects += qobject_cast<QCPItemRect*>(chart.plot()->item(i)) != nullptr;
        texts += qobject_cast<QCPItemText*>(chart.plot()->item(i)) != nullptr;
    }
    QCOMPARE(rects, int(blocks.size()));
    QCOMPARE(texts, int(blocks.size()));
}

void TestPanels::growthReferenceWidths() {
    // Block output widths from torchvision (docs/model.md's table), read at each block's last layer.
    auto widths = [](const char* name) {
        GrowthChart chart;
        chart.setSummary(variantSummary(name));
        QList<int> out;
        const QStringList layers = chart.growthLayers();
        for (int i = 0; i < layers.size(); ++i)
            if (layers[i].contains("denselayer") &&
                (i + 1 == layers.size() ||
                 !layers[i + 1].startsWith(layers[i].left(layers[i].lastIndexOf('.')))))
                out << int(chart.growthSeries()[i].y());
        return out;
    };
    QCOMPARE(widths("densenet121"), QList<int>({256, 512, 1024, 1024}));
    QCOMPARE(widths("densenet161"), QList<int>({384, 768, 2112, 2208}));
    QCOMPARE(widths("densenet169"), QList<int>({256, 512, 1280, 1664}));
}

void TestPanels::stageCosts() {
    const ds::ModelSummary s = variantSummary("densenet121");
    GrowthChart chart;
    chart.setSummary(s);
    const auto costs = chart.stageCosts();
    QStringList labels;
    int64_t params = 0, macs = 0;
    for (const auto& c : costs) {
        labels << c.label;
        params += c.parameters;
        macs += c.macs;
    }
    QCOMPARE(labels, QStringList({"stem", "block1", "trans1", "block2", "trans2", "block3",
                                  "trans3", "block4", "head"}));
    QCOMPARE(params, int64_t(7978856));  // all stages add up to the model
    QCOMPARE(macs, s.macs);
    QCOMPARE(chart.costPlot()->plottableCount(), 2);
    QCOMPARE(costs[1].layer, QStringLiteral("features.denseblock1"));
}

void TestPanels::tableSorting() {
    const ds::ModelSummary s = variantSummary("densenet121");
    LayerTable table;
    table.setSummary(s);
    QCOMPARE(table.rowCount(), int(s.layers.size()));
    QTableView* view = table.view();
    QHeaderView* header = view->horizontalHeader();
    // Network order at first, without a sort arrow that would claim otherwise.
    QVERIFY(!header->isSortIndicatorShown());
    QCOMPARE(table.sortColumn(), -1);
    const auto firstName = [view] {
        return view->model()->index(0, LayerTable::Name).data(LayerTable::kLayerRole).toString();
    };
    QCOMPARE(firstName(), QStringLiteral("features.conv0"));
    // Clicks on a header: ascending, descending, then back to network order.
    const auto click = [header](int column) {
        const QPoint at(header->sectionViewportPosition(column) + 5, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    };
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));
    click(LayerTable::Parameters);
    QVERIFY(header->isSortIndicatorShown());
    QCOMPARE(header->sortIndicatorSection(), int(LayerTable::Parameters));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    click(LayerTable::Parameters);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(table.sortOrder(), Qt::DescendingOrder);
    qlonglong previous = LLONG_MAX;
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        const qlonglong v = view->model()
                                ->index(r, LayerTable::Parameters)
                                .data(LayerTable::kSortRole)
                                .toLongLong();
        QVERIFY(v <= previous);
        previous = v;
    }
    QCOMPARE(view->model()->index(0, LayerTable::Name).data(LayerTable::kLayerRole).toString(),
             QStringLiteral("features.denseblock3"));
    QVERIFY(view->model()->index(0, LayerTable::Parameters).data().toString().endsWith(" M"));
    click(LayerTable::Parameters);  // a third time: network order, no arrow
    QVERIFY(!header->isSortIndicatorShown());
    QCOMPARE(table.sortColumn(), -1);
    QCOMPARE(view->model()->index(0, LayerTable::Name).data().toString(),
             QStringLiteral("features.conv0"));
    table.sortBy(LayerTable::Type, Qt::AscendingOrder);
    QVERIFY(header->isSortIndicatorShown());
    QCOMPARE(header->sortIndicatorSection(), int(LayerTable::Type));
    table.sortBy(-1, Qt::AscendingOrder);  // what the header's "Network order" item does
    QVERIFY(!header->isSortIndicatorShown());
    QCOMPARE(firstName(), QStringLiteral("features.conv0"));
    QCOMPARE(view->model()->index(1, LayerTable::Size).data().toString(),
             QStringLiteral("112 × 112"));
}

void TestPanels::selectionSync() {
    const ds::ModelSummary s = tinySummary();
    NetworkTree tree;
    LayerTable table;
    GrowthChart chart;
    for (auto* w : std::initializer_list<QWidget*>{&tree, &table, &chart}) w->resize(700, 400);
    tree.setSummary(s);
    table.setSummary(s);
    chart.setSummary(s);
    // Wire them as the main window does: one selection drives everything.
    auto wire = [&](auto* from) {
        connect(from, &std::remove_pointer_t<decltype(from)>::layerSelected, &tree,
                &NetworkTree::selectLayer);
        connect(from, &std::remove_pointer_t<decltype(from)>::layerSelected, &table,
                &LayerTable::selectLayer);
        connect(from, &std::remove_pointer_t<decltype(from)>::layerSelected, &chart,
                &GrowthChart::selectLayer);
    };
    wire(&tree);
    wire(&table);
    wire(&chart);
    QSignalSpy treeSpy(&tree, &NetworkTree::layerSelected),
        tableSpy(&table, &LayerTable::layerSelected), chartSpy(&chart, &GrowthChart::layerSelected);

    // Programmatic selection does not re-emit.
    tree.selectLayer("features.denseblock2.denselayer2");
    table.selectLayer("features.denseblock2.denselayer2");
    chart.selectLayer("features.denseblock2.denselayer2");
    QCOMPARE(tree.selectedLayer(), QStringLiteral("features.denseblock2.denselayer2"));
    QCOMPARE(table.selectedLayer(), QStringLiteral("features.denseblock2.denselayer2"));
    QCOMPARE(treeSpy.count() + tableSpy.count() + chartSpy.count(), 0);

    // A click in the tree emits once and moves the others.
    tree.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tree));
    QTreeWidgetItem* item = tree.itemFor("features.transition1");
    QTest::mouseClick(tree.tree()->viewport(), Qt::LeftButton, {},
                      tree.tree()->visualItemRect(item).center());
    QCOMPARE(treeSpy.count(), 1);
    QCOMPARE(treeSpy.first().first().toString(), QStringLiteral("features.transition1"));
    QCOMPARE(table.selectedLayer(), QStringLiteral("features.transition1"));
    QCOMPARE(chart.selectedLayer(), QStringLiteral("features.transition1"));
    QCOMPARE(tableSpy.count() + chartSpy.count(), 0);

    // A click in the table.
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));
    const QModelIndex cell =
        table.view()->model()->index(1, LayerTable::Type);  // forward order: row 1 = norm0
    QTest::mouseClick(table.view()->viewport(), Qt::LeftButton, {},
                      table.view()->visualRect(cell).center());
    QCOMPARE(tableSpy.count(), 1);
    QCOMPARE(tableSpy.first().first().toString(), QStringLiteral("features.norm0"));
    QCOMPARE(tree.selectedLayer(), QStringLiteral("features.norm0"));
    QCOMPARE(treeSpy.count(), 1);

    // Selecting a block in the chart's world marks the block's last layer.
    chart.selectLayer("features.denseblock1");
    QCPGraph* marker = chart.plot()->graph(chart.plot()->graphCount() - 1);
    QCOMPARE(marker->dataCount(), 1);
    QCOMPARE(marker->data()->at(0)->key, 2.0);  // pool0, layer1, layer2
    QCOMPARE(marker->data()->at(0)->value, 16.0);
    QCOMPARE(chartSpy.count(), 0);
}

void TestPanels::chartClickAndTooltip() {
    GrowthChart chart;
    chart.resize(900, 400);
    chart.setSummary(tinySummary());
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.plot()->replot();
    QSignalSpy spy(&chart, &GrowthChart::layerSelected);
    const QPointF p = chart.growthSeries()[3];  // transition1
    const QPoint pixel(int(chart.plot()->xAxis->coordToPixel(p.x())),
                       int(chart.plot()->yAxis->coordToPixel(p.y())));
    const QString tip = chart.toolTipAt(pixel);
    QVERIFY2(
        tip.contains("features.transition1") && tip.contains("parameters") && tip.contains("8 × 8"),
        qPrintable(tip));
    QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixel);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toString(), QStringLiteral("features.transition1"));
    QVERIFY(chart.toolTipAt(QPointF(-100, -100)).isEmpty());
}

void TestPanels::comparisons() {
    GrowthChart chart;
    chart.setSummary(variantSummary("densenet121"));
    const int graphs = chart.plot()->graphCount();
    chart.addComparison("densenet169", variantSummary("densenet169"));
    chart.addComparison("custom", ds::summarize(custom(12, {3, 4, 5}, 24, 0.3)));
    chart.addComparison("densenet169", variantSummary("densenet169"));  // replaces, no duplicate
    QCOMPARE(chart.comparisonNames(), QStringList({"custom", "densenet169"}));
    QCOMPARE(chart.comparisonSeries("densenet169").size(), 1 + 6 + 12 + 32 + 32 + 3);
    QCOMPARE(chart.comparisonSeries("densenet169").last().y(), 1664.0);
    QCOMPARE(chart.plot()->graphCount(), graphs + 2);
    QVERIFY(chart.plot()->legend->visible());
    // The UI's combo + Add button.
    auto* combo = chart.findChild<QComboBox*>("comparisonCombo");
    combo->setCurrentText("densenet201");
    QTest::mouseClick(chart.findChild<QPushButton*>("addComparisonButton"), Qt::LeftButton);
    QVERIFY(chart.comparisonNames().contains("densenet201"));
    chart.clearComparisons();
    QVERIFY(chart.comparisonNames().isEmpty());
    QCOMPARE(chart.plot()->graphCount(), graphs);
}


QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
