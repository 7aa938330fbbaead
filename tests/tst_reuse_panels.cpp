// The "Feature reuse" and "Statistics" analysis tabs in the real window (tiny fixture model):
// the heat map shows ds::connectivity's numbers (checked against torchvision in
// tst_connectivity), a click on a cell selects the target layer and marks the source's
// channels in the growth chart and the thumbnail grid; the statistics follow the shown map
// and the channel selection both ways.
#include <QDockWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

#include "densescope/analysis.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "reuse_panel.h"
#include "statistics_panel.h"
#include "thumbnail_grid.h"
#include "ui_test_support.h"

using namespace ds::ui;

class TestReusePanels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { uitest::isolateFrom(m_tmp); }
    void panelAlone();
    void reuseInWindow();
    void statisticsInWindow();
    void statisticsWaitWhileHidden();

private:
    QTemporaryDir m_tmp;
};

// Hand-made numbers: blank cells, per-target normalisation, tooltips, the random note.
void TestReusePanels::panelAlone() {
    ds::BlockConnectivity b;
    b.name = "features.denseblock1";
    b.sources = {"input", "denselayer1", "denselayer2"};
    b.targets = {"denselayer1", "denselayer2", "transition1"};
    b.values = {{0.5, std::nullopt, std::nullopt}, {0.2, 0.4, std::nullopt}, {0.1, 0.3, 0.6}};
    b.sourceChannels = {{0, 16}, {16, 8}, {24, 8}};
    ReusePanel panel;
    panel.resize(900, 600);
    panel.show();
    panel.setConnectivity({b}, /*randomWeights=*/true);
    QVERIFY(panel.randomNoteShown());
    QCOMPARE(panel.blockCount(), 1);
    panel.setNormalised(false);
    QCOMPARE(panel.shownValue(0, 1, 1), 0.4);
    QVERIFY(std::isnan(panel.shownValue(0, 0, 1)));  // denselayer1 does not read itself
    panel.setNormalised(true);
    QCOMPARE(panel.shownValue(0, 1, 0), 0.5);  // 0.2 / 0.4
    QCOMPARE(panel.shownValue(0, 2, 2), 1.0);
    const QString tip = panel.cellToolTip(0, 2, 1);
    QVERIFY2(tip.contains("features.transition1") && tip.contains("denselayer1") &&
                 tip.contains("16–23") && tip.contains("0.3"),
             qPrintable(tip));
    QVERIFY(panel.cellToolTip(0, 0, 2).isEmpty());
    panel.setConnectivity({b}, false);
    QVERIFY(!panel.randomNoteShown());

    // A real click on the cell (target 2, source 1) reports it.
    QSignalSpy clicked(&panel, &ReusePanel::cellClicked);
    QSignalSpy layer(&panel, &AnalysisPanel::layerRequested);
    QCustomPlot* plot = panel.plot(0);
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    plot->replot();
    const QPoint at(int(plot->xAxis->coordToPixel(1)), int(plot->yAxis->coordToPixel(2)));
    QCOMPARE(panel.cellAt(0, at), qMakePair(2, 1));
    QTest::mouseClick(plot, Qt::LeftButton, {}, at);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(1).toString(), QString("features.transition1"));
    QCOMPARE(clicked.at(0).at(3).toInt(), 16);
    QCOMPARE(clicked.at(0).at(4).toInt(), 8);
    QCOMPARE(layer.size(), 1);
    // A blank cell does nothing.
    QTest::mouseClick(plot, Qt::LeftButton, {},
                      QPoint(int(plot->xAxis->coordToPixel(2)), int(plot->yAxis->coordToPixel(0))));
    QCOMPARE(clicked.size(), 1);
}

void TestReusePanels::reuseInWindow() {
    auto w = uitest::started(uitest::tinyOptions());
    auto* panel = w->findChild<ReusePanel*>();
    QVERIFY(panel);
    QVERIFY(w->raisePanel("reuse"));
    QTRY_COMPARE_WITH_TIMEOUT(panel->blockCount(), 3, uitest::kWaitMs);
    QVERIFY(!panel->randomNoteShown());  // the fixture's weights come from a file

    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("tiny"), fixtures::path("tiny.pth"));
    const auto want = ds::connectivity(engine);
    panel->setNormalised(false);
    for (int b = 0; b < 3; ++b)
        for (size_t t = 0; t < want[size_t(b)].values.size(); ++t)
            for (size_t s = 0; s < want[size_t(b)].sources.size(); ++s) {
                const auto& v = want[size_t(b)].values[t][s];
                const double shown = panel->shownValue(b, int(t), int(s));
                QVERIFY(v ? shown == *v : std::isnan(shown));
            }

    // Block 2, target denselayer3, source denselayer1: channels [16, 24) of the block.
    QVERIFY(uitest::settle(*w, [&] { panel->clickCell(1, 2, 1); }));
    QCOMPARE(w->findChild<GrowthChart*>()->selectedLayer(),
             QString("features.denseblock2.denselayer3"));
    const QRectF band = w->findChild<GrowthChart*>()->highlightBand();
    QCOMPARE(band.top(), 16.0);
    QCOMPARE(band.bottom(), 24.0);
    // The grid marks the range while it shows the block's output.
    QCOMPARE(w->featureMaps()->grid()->highlightedRange().second, 0);
    QVERIFY(uitest::settle(*w, [&] { w->selectLayer("features.denseblock2"); }));
    QCOMPARE(w->featureMaps()->grid()->highlightedRange(), qMakePair(16, 8));
    // The classifier's row selects norm5, whose channels are the last block's, and marks them.
    const auto& last = panel->blocks().back();
    const int fc = int(last.targets.size()) - 1, src = int(last.sources.size()) - 1;
    QCOMPARE(QString::fromStdString(last.targets.back()), QString("classifier"));
    QVERIFY(uitest::settle(*w, [&] { panel->clickCell(2, fc, src); }));
    QCOMPARE(w->featureMaps()->featureMap()->layer, std::string("features.norm5"));
    QCOMPARE(w->featureMaps()->grid()->highlightedRange(),
             qMakePair(last.sourceChannels.back().first, last.sourceChannels.back().second));
}

void TestReusePanels::statisticsInWindow() {
    auto w = uitest::started(uitest::tinyOptions());
    auto* panel = w->findChild<StatisticsPanel*>();
    QVERIFY(panel);
    QVERIFY(w->raisePanel("statistics"));
    QVERIFY(uitest::settle(*w, [&] { w->selectLayer("features.norm5"); }));
    const auto map = w->featureMaps()->featureMap();
    QVERIFY(map);
    QCOMPARE(panel->featureMap(), map);
    panel->setBins(16);
    // The channel selected in the feature maps is the one shown here.
    emit w->featureMaps()->channelSelected(5);
    QCOMPARE(panel->channel(), 5);
    const auto want = ds::channelStatistics(*map, 5, 16);
    QCOMPARE(panel->statistics().histogram, want.histogram);
    QCOMPARE(panel->statistics().mean, want.mean);
    QVERIFY(panel->summaryText().contains(QString::number(want.max, 'g', 4)));

    panel->setMeansOrder(StatisticsPanel::MeansOrder::Value);
    const auto& order = panel->meansOrderChannels();
    QCOMPARE(order.size(), map->channels);
    for (int i = 1; i < order.size(); ++i)
        QVERIFY(map->channelMean[size_t(order[i - 1])] >= map->channelMean[size_t(order[i])]);
    // Clicking the third bar selects that channel here and in the feature maps.
    QCustomPlot* means = panel->meansPlot();
    means->replot();
    const QPoint at(int(means->xAxis->coordToPixel(2)), means->axisRect()->center().y());
    QSignalSpy picked(panel, &StatisticsPanel::channelSelected);
    QTest::mouseClick(means, Qt::LeftButton, {}, at);
    QCOMPARE(picked.size(), 1);
    QCOMPARE(picked.at(0).at(0).toInt(), order[2]);
    QCOMPARE(panel->channel(), order[2]);
    QCOMPARE(w->featureMaps()->selectedChannel(), order[2]);
}

// Behind the feature maps the tab computes nothing (live mode sends a map per frame); brought
// to the front it shows the newest map.
void TestReusePanels::statisticsWaitWhileHidden() {
    auto w = uitest::started(uitest::tinyOptions());
    auto* panel = w->findChild<StatisticsPanel*>();
    QVERIFY(panel);
    QVERIFY(!panel->isShown());
    QVERIFY(uitest::settle(*w, [&] { w->selectLayer("features.norm5"); }));
    const auto map = w->featureMaps()->featureMap();
    QVERIFY(map);
    QVERIFY(panel->featureMap() != map);
    QVERIFY(w->raisePanel("statistics"));
    QTRY_COMPARE(panel->featureMap(), map);
    QCOMPARE(panel->meansOrderChannels().size(), map->channels);
}

QTEST_MAIN(TestReusePanels)
#include "tst_reuse_panels.moc"
