// The charts stay readable at any size (growth block labels, legends off the data, cost
// labels that never touch, tiny probabilities visible), export as PNG/SVG/PDF, and the
// growth comparisons (custom layouts too) are remembered across runs.
#include <QDialogButtonBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "chart_export.h"
#include "custom_layout_dialog.h"
#include "densescope/errors.h"
#include "growth_chart.h"
#include "main_window.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

class TestCharts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void growthBlockLabelsNeverOverlap();
    void legendsStayOutOfThePlot();
    void costLabelsDoNotTouch();
    void tinyProbabilitiesAreVisible();
    void chartExports();
    void customLayoutDialog();
    void comparisonsAreRemembered();

private:
    QTemporaryDir m_tmp;
};

void TestCharts::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    QVERIFY(m_tmp.isValid());
    isolateFrom(m_tmp);
}

void TestCharts::growthBlockLabelsNeverOverlap() {
    GrowthChart chart;
    chart.setSummary(ds::summarize(ds::DenseNetConfig::variant("densenet121")));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const auto labelsAt = [&](int width) {
        chart.resize(width, 420);
        QApplication::processEvents();
        chart.plot()->replot();
        chart.plot()->grab();  // paints: the labels choose their text while drawn
        return chart.blockLabels();
    };
    const QStringList wide = labelsAt(1600);
    QCOMPARE(wide, QStringList({"block 1", "block 2", "block 3", "block 4"}));
    // Narrow: block 1 (6 dense layers of 58 steps) has no room for "block 1" any more.
    const QStringList narrow = labelsAt(360);
    QCOMPARE(narrow.size(), 4);
    QVERIFY2(narrow[0] == "B1" || narrow[0].isEmpty(), qPrintable(narrow.join('|')));
    QCOMPARE(narrow[2], QStringLiteral("block 3"));  // 24 dense layers: plenty of room
}

void TestCharts::legendsStayOutOfThePlot() {
    GrowthChart chart;
    chart.resize(900, 360);
    chart.setSummary(ds::summarize(ds::DenseNetConfig::variant("densenet121")));
    chart.addComparison(ds::DenseNetConfig::variant("densenet169"));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    for (QCustomPlot* plot : {chart.plot(), chart.costPlot()}) {
        plot->replot();
        QVERIFY(plot->legend->visible());
        // A layout row of its own: the legend never covers the bars, curves or axis ticks.
        QVERIFY2(!plot->legend->outerRect().intersects(plot->axisRect()->outerRect()),
                 qPrintable(plot->objectName()));
    }
}

void TestCharts::costLabelsDoNotTouch() {
    GrowthChart chart;
    chart.setSummary(ds::summarize(ds::DenseNetConfig::variant("densenet121")));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    for (int width : {1800, 700, 420}) {
        chart.resize(width, 400);
        QApplication::processEvents();
        chart.costPlot()->replot();
        QApplication::processEvents();  // the labels follow the new width and margins
        chart.costPlot()->replot();
        QCPAxis* x = chart.costPlot()->xAxis;
        const auto ticks = x->ticker().dynamicCast<QCPAxisTickerText>()->ticks();
        QVERIFY(ticks.size() >= 3);
        const double spacing =
            x->coordToPixel(ticks.keys().at(1)) - x->coordToPixel(ticks.keys().at(0));
        const QFontMetrics metrics(x->tickLabelFont());
        // Upright labels fit between their neighbours; turned ones are a line of text apart.
        int need = metrics.height();
        if (x->tickLabelRotation() == 0) {
            need = 0;
            for (const QString& l : ticks) need = std::max(need, metrics.horizontalAdvance(l));
        }
        QVERIFY2(need < spacing, qPrintable(QStringLiteral("%1 px: %2 in %3 (%4)")
                                                .arg(width)
                                                .arg(need)
                                                .arg(spacing)
                                                .arg(QStringList(ticks.values()).join(' '))));
        if (width == 1800) QCOMPARE(ticks.size(), 9);  // all full names: stem, block1, ...
        if (width == 1800) QCOMPARE(ticks.value(0), QStringLiteral("stem"));
    }
}

void TestCharts::tinyProbabilitiesAreVisible() {
    PredictionsChart chart;
    chart.resize(500, 300);
    std::vector<ds::Prediction> top;
    for (int i = 0; i < 5; ++i)
        top.push_back({i, "class " + std::to_string(i), 0.003f - 0.0002f * float(i)});
    chart.setPredictions(top);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.plot()->replot();
    QCPAxis* x = chart.plot()->xAxis;
    // The largest bar spans most of the axis, not a hairline at 0.3 % of it.
    const double bar = x->coordToPixel(0.003) - x->coordToPixel(0);
    QVERIFY2(bar > x->axisRect()->width() * 0.5, qPrintable(QString::number(bar)));
    QVERIFY(x->range().upper < 0.01);
    // Confident predictions keep the whole scale, up to 100 %.
    top.front().probability = 0.97f;
    chart.setPredictions(top);
    QVERIFY(x->range().upper >= 0.97);
}

void TestCharts::chartExports() {
    GrowthChart chart;
    chart.resize(800, 360);
    chart.setSummary(ds::summarize(ds::DenseNetConfig::variant("densenet121")));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTemporaryDir dir;
    const QString png = dir.filePath("growth.png"), svg = dir.filePath("cost.svg"),
                  pdf = dir.filePath("growth.pdf");
    exportPlot(chart.plot(), png);
    exportPlot(chart.costPlot(), svg);
    exportPlot(chart.plot(), pdf);
    const QImage image(png);
    QCOMPARE(image.size(), chart.plot()->size() * 2);  // twice the pixels, for slides
    QFile s(svg), p(pdf);
    QVERIFY(s.open(QIODevice::ReadOnly) && p.open(QIODevice::ReadOnly));
    const QByteArray svgText = s.readAll();
    QVERIFY(svgText.contains("<svg") && svgText.contains("Cost per stage"));
    QVERIFY(p.read(5) == "%PDF-");
    QVERIFY_THROWS_EXCEPTION(ds::Error, exportPlot(chart.plot(), dir.filePath("growth.bmpx")));
    QVERIFY_THROWS_EXCEPTION(ds::Error,
                             exportPlot(chart.plot(), dir.filePath("no/such/dir/a.png")));
}

void TestCharts::customLayoutDialog() {
    CustomLayoutDialog dialog;
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.findChild<QLineEdit*>(QStringLiteral("comparisonBlocks"))->setText("6,x");
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.errorText().isEmpty());
    QVERIFY(
        dialog.findChild<QLabel*>(QStringLiteral("comparisonLayoutError"))->isVisibleTo(&dialog));
    dialog.findChild<QLineEdit*>(QStringLiteral("comparisonBlocks"))->setText("3,4,5");
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.config().blockConfig, (std::vector<int>{3, 4, 5}));
    QCOMPARE(dialog.config().name, std::string("custom"));
}

void TestCharts::comparisonsAreRemembered() {
    ds::DenseNetConfig custom;
    custom.name = "custom";
    custom.growthRate = 12;
    custom.blockConfig = {3, 4, 5};
    custom.initFeatures = 24;
    WindowOptions o = tinyOptions();
    o.useSettings = true;
    QStringList names;
    {
        MainWindow w(o);
        auto* growth = w.findChild<GrowthChart*>(QStringLiteral("growthChart"));
        growth->clearComparisons();
        growth->addComparison(ds::DenseNetConfig::variant("densenet169"));
        growth->addComparison(custom);
        names = growth->comparisonNames();
        QCOMPARE(names.size(), 2);
        QVERIFY(names[1].contains("k=12"));
        w.close();  // saves the settings
    }
    MainWindow again(o);
    auto* growth = again.findChild<GrowthChart*>(QStringLiteral("growthChart"));
    QCOMPARE(growth->comparisonNames(), names);
    QCOMPARE(growth->comparisonConfigs().last(), custom);
    QCOMPARE(growth->comparisonSeries(names[1]).size(), 1 + 3 + 1 + 4 + 1 + 5);
    growth->clearComparisons();
    again.close();
    MainWindow cleared(o);
    QVERIFY(cleared.findChild<GrowthChart*>(QStringLiteral("growthChart"))
                ->comparisonNames()
                .isEmpty());
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
