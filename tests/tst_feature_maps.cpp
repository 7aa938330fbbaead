// The feature-map browser on hand-made FeatureMaps (no model): colormaps, normalisation,
// thumbnails, channel provenance in dense blocks, sorting, the large view and exports.
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QMenu>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "channel_origin.h"
#include "channel_view.h"
#include "colormap.h"
#include "densescope/feature_maps.h"
#include "densescope/errors.h"
#include "feature_map_panel.h"
#include "grid_figure.h"
#include "fixtures.h"
#include "densescope/npy.h"
#include "panels_test_util.h"
#include "thumbnail_grid.h"

using namespace ds::ui;
using namespace panels_test;

namespace {

QVector<int> indices(const QImage& img) {
    QVector<int> out;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) out << img.pixelIndex(x, y);
    return out;
}

QStringList readLines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestFeatureMaps : public QObject {
    Q_OBJECT
private slots:
    void colormapsMatchMatplotlib();
    void scaling();
    void thumbnailCount();
    void provenance_data();
    void provenance();
    void sortByMean();
    void automaticColormap();
    void channelClick();
    void exports();
    void exportErrors();
    void channelExportsNeedAChannel();
};

void TestFeatureMaps::colormapsMatchMatplotlib() {
    // Every table against matplotlib's own colormap (tests/oracle/make_fixtures.py). The app
    // interpolates 17 stops linearly; the largest difference that gives is 8 of 255 (RdBu).
    const QJsonObject ref = fixtures::json("colormaps.json").object();
    const std::pair<Colormap, const char*> maps[] = {{Colormap::Viridis, "viridis"},
                                                     {Colormap::Inferno, "inferno"},
                                                     {Colormap::Magma, "magma"},
                                                     {Colormap::Gray, "gray"},
                                                     {Colormap::Diverging, "RdBu_r"}};
    for (const auto& [map, name] : maps) {
        const QJsonArray want = ref.value(QLatin1String(name)).toArray();
        QCOMPARE(want.size(), 256);
        QCOMPARE(colorTable(map).size(), 256);
        int worst = 0;
        for (int i = 0; i < 256; ++i) {
            const QRgb got = colorTable(map)[i];
            const QJsonArray rgb = want[i].toArray();
            worst = std::max({worst, std::abs(qRed(got) - rgb[0].toInt()),
                              std::abs(qGreen(got) - rgb[1].toInt()),
                              std::abs(qBlue(got) - rgb[2].toInt())});
        }
        QVERIFY2(worst <= 8, qPrintable(QString("%1 is %2/255 off matplotlib").arg(name).arg(worst)));
    }
    // Zero (index 128 of symmetric bytes) is white-ish in the diverging map.
    const QColor mid = QColor::fromRgb(colorTable(Colormap::Diverging)[128]);
    QVERIFY(mid.red() > 240 && mid.green() > 240 && mid.blue() > 240);
}

void TestFeatureMaps::scaling() {
    // c0 = 0 1 2 3, c1 = 10 20 30 40 (2 x 2 each); expected indices worked out by hand.
    auto m = makeMap("features.pool0", 2, 2, 2, [](int c, int y, int x) {
        const int i = y * 2 + x;
        return c == 0 ? float(i) : float(10 * (i + 1));
    });
    auto plane = [](const ds::FeatureMap& map, int c, ds::MapScaling scaling, bool symmetric) {
        const auto bytes = ds::mapToBytes(map, scaling, symmetric);
        const size_t n = size_t(map.height) * size_t(map.width);
        return QVector<int>(bytes.begin() + long(c * n), bytes.begin() + long((c + 1) * n));
    };
    QCOMPARE(plane(*m, 0, ds::MapScaling::PerChannel, false), QVector<int>({0, 85, 170, 255}));
    QCOMPARE(plane(*m, 1, ds::MapScaling::PerChannel, false), QVector<int>({0, 85, 170, 255}));
    QCOMPARE(plane(*m, 0, ds::MapScaling::Shared, false), QVector<int>({0, 6, 13, 19}));
    QCOMPARE(plane(*m, 1, ds::MapScaling::Shared, false), QVector<int>({64, 128, 191, 255}));
    // Symmetric around zero, so 0 is the middle index.
    auto s = makeMap("features.norm5", 1, 1, 4,
                     [](int, int, int x) { return float(x - 2); });  // -2 -1 0 1
    QCOMPARE(plane(*s, 0, ds::MapScaling::PerChannel, true), QVector<int>({0, 64, 128, 191}));
    // A constant channel does not divide by zero.
    QCOMPARE(int(ds::quantizeValue(5.f, {5.f, 5.f}, false)), 0);
    QCOMPARE(int(ds::quantizeValue(0.f, {0.f, 0.f}, /*symmetric=*/true)), 128);
    // The colour table turns index i into colour i, nothing else.
    const uint8_t idx[4] = {0, 85, 170, 255};
    QCOMPARE(indices(indexedImage(idx, 2, 2, Colormap::Gray)), QVector<int>({0, 85, 170, 255}));
    QCOMPARE(indexedToRgb(idx, 2, 2, Colormap::Gray).pixel(1, 0), qRgb(85, 85, 85));

    // The panel paints the bytes it is given, asks for another scaling when the controls
    // change, and paints the answer (here given at once, as the worker would).
    FeatureMapPanel panel;
    QSignalSpy wanted(&panel, &FeatureMapPanel::bytesWanted);
    answerBytesRequests(panel);
    panel.setColormap(Colormap::Gray);
    panel.setFeatureMap(m, {});
    QCOMPARE(wanted.count(), 0);  // per channel, as made by the engine
    QCOMPARE(panel.grid()->thumbnail(1).pixel(0, 0), qRgb(0, 0, 0));
    panel.setScaling(ds::MapScaling::Shared);
    QCOMPARE(wanted.count(), 1);
    QVERIFY(panel.bytesUpToDate());
    QCOMPARE(panel.featureMap()->bytesScaling, ds::MapScaling::Shared);
    QCOMPARE(panel.grid()->thumbnail(1).pixel(0, 0), qRgb(64, 64, 64));
    panel.setScaling(ds::MapScaling::PerChannel);
    QCOMPARE(panel.grid()->thumbnail(1).pixel(0, 0), qRgb(0, 0, 0));
    QCOMPARE(panel.grid()->thumbnail(0).pixel(1, 1), qRgb(255, 255, 255));
    // A diverging colormap asks for symmetric bytes; automatic follows the map's sign.
    panel.setColormap(Colormap::Diverging);
    QVERIFY(panel.featureMap()->bytesSymmetric);
    panel.setColormap(std::nullopt);
    QVERIFY(!panel.featureMap()->bytesSymmetric);  // no negatives in m
    panel.setFeatureMap(s, {});
    QVERIFY(panel.featureMap()->bytesSymmetric);
    QCOMPARE(panel.effectiveColormap(), Colormap::Diverging);
}

void TestFeatureMaps::thumbnailCount() {
    FeatureMapPanel panel;
    panel.setSummary(tinySummary());
    panel.setFeatureMap(
        makeMap("features.transition1", 37, 3, 5, [](int c, int y, int x) { return c + y * x; }),
        {});
    QCOMPARE(panel.thumbnailCount(), 37);
    QCOMPARE(panel.grid()->thumbnail(36).size(), QSize(5, 3));
    QVERIFY(!panel.blockLayout().valid());
    QVERIFY(panel.legendText().isEmpty());
    panel.setFeatureMap(
        makeMap("features.norm5", 1024, 2, 2, [](int c, int, int) { return float(c); }), {});
    QCOMPARE(panel.thumbnailCount(), 1024);
    QCOMPARE(panel.grid()->order().size(), 1024);
    panel.clear();
    QCOMPARE(panel.thumbnailCount(), 0);
}

void TestFeatureMaps::provenance_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("channel");
    QTest::addColumn<int>("origin");
    QTest::newRow("tiny input first") << "tiny"
                                      << "features.denseblock1" << 0 << 0;
    QTest::newRow("tiny input last") << "tiny"
                                     << "features.denseblock1" << 7 << 0;
    QTest::newRow("tiny L1 first") << "tiny"
                                   << "features.denseblock1" << 8 << 1;
    QTest::newRow("tiny L1 last") << "tiny"
                                  << "features.denseblock1" << 11 << 1;
    QTest::newRow("tiny L2") << "tiny"
                             << "features.denseblock1" << 12 << 2;
    QTest::newRow("tiny b2 L3 last") << "tiny"
                                     << "features.denseblock2" << 19 << 3;
    QTest::newRow("121 b2 input") << "densenet121"
                                  << "features.denseblock2" << 127 << 0;
    QTest::newRow("121 b2 L1") << "densenet121"
                               << "features.denseblock2" << 128 << 1;
    QTest::newRow("121 b2 L2") << "densenet121"
                               << "features.denseblock2" << 160 << 2;
    QTest::newRow("121 b2 L12") << "densenet121"
                                << "features.denseblock2" << 511 << 12;
    QTest::newRow("121 b3 L7") << "densenet121"
                               << "features.denseblock3" << 256 + 6 * 32 + 5 << 7;
}

void TestFeatureMaps::provenance() {
    QFETCH(QString, variant);
    QFETCH(QString, layer);
    QFETCH(int, channel);
    QFETCH(int, origin);
    const ds::ModelSummary s =
        variant == "tiny" ? tinySummary() : variantSummary(variant.toUtf8().constData());
    const ds::LayerInfo* info = s.find(layer.toStdString());
    QVERIFY(info);
    FeatureMapPanel panel;
    panel.setSummary(s);
    panel.setFeatureMap(
        makeMap(info->name, info->outChannels, 2, 2, [](int c, int, int) { return float(c); }), {});
    QVERIFY(panel.blockLayout().valid());
    QCOMPARE(panel.channelOrigin(channel), origin);
    QCOMPARE(panel.channelOrigin(info->outChannels), -1);
    const BlockLayout b = panel.blockLayout();
    QVERIFY(b.firstChannel(origin) <= channel &&
            channel < b.firstChannel(origin) + b.channelCount(origin));
    QVERIFY(panel.legendText().contains(QStringLiteral("input 0–%1").arg(info->inChannels - 1)));
    QVERIFY(panel.legendText().contains(QStringLiteral("L%1").arg(b.denseLayers)));
    panel.selectChannel(channel);
    QVERIFY(panel.findChild<QLabel*>("channelTitle")
                ->text()
                .contains(origin ? QStringLiteral("denselayer%1").arg(origin)
                                 : QStringLiteral("block input")));
}

void TestFeatureMaps::sortByMean() {
    const float means[] = {3, 1, 2, 0, 2};
    auto m = makeMap("features.pool0", 5, 2, 2, [&](int c, int, int) { return means[c]; });
    QCOMPARE(channelOrder(*m, ChannelSort::MeanDescending),
             QVector<int>({0, 2, 4, 1, 3}));  // ties keep index order
    QCOMPARE(channelOrder(*m, ChannelSort::MeanAscending), QVector<int>({3, 1, 2, 4, 0}));
    FeatureMapPanel panel;
    panel.setFeatureMap(m, {});
    QCOMPARE(panel.grid()->order(), QVector<int>({0, 1, 2, 3, 4}));
    panel.setSort(ChannelSort::MeanDescending);
    QCOMPARE(panel.grid()->order(), QVector<int>({0, 2, 4, 1, 3}));
    panel.setSort(ChannelSort::Index);
    QCOMPARE(panel.grid()->order(), QVector<int>({0, 1, 2, 3, 4}));
}

void TestFeatureMaps::automaticColormap() {
    FeatureMapPanel panel;
    panel.setFeatureMap(
        makeMap("features.pool0", 2, 2, 2, [](int c, int, int) { return float(c); }), {});
    QCOMPARE(panel.effectiveColormap(), Colormap::Viridis);
    panel.setFeatureMap(
        makeMap("features.norm0", 2, 2, 2, [](int c, int, int x) { return float(c - x); }), {});
    QCOMPARE(panel.effectiveColormap(), Colormap::Diverging);
    panel.setColormap(Colormap::Gray);  // the user's choice wins
    QCOMPARE(panel.effectiveColormap(), Colormap::Gray);
    panel.setColormap(std::nullopt);
    QCOMPARE(panel.effectiveColormap(), Colormap::Diverging);
}

void TestFeatureMaps::channelClick() {
    FeatureMapPanel panel;
    panel.resize(900, 500);
    panel.setFeatureMap(makeMap("features.pool0", 10, 4, 4,
                                [](int c, int y, int x) { return c * 100.f + y * 4 + x; }),
                        QImage(224, 224, QImage::Format_RGB32));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy spy(&panel, &FeatureMapPanel::channelSelected);
    ThumbnailGrid* grid = panel.grid();
    const QRect r = grid->tileRect(3);  // display position 3 = channel 3 in index order
    QTest::mouseClick(grid, Qt::LeftButton, {}, r.center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toInt(), 3);
    QCOMPARE(panel.selectedChannel(), 3);
    ChannelView* view = panel.channelView();
    QVERIFY(view->hasChannel());
    QCOMPARE(view->valueAt(2, 1), 306.f);
    QCOMPARE(view->image().size(), QSize(4, 4));
    // The value under the cursor.
    QSignalSpy hovered(view, &ChannelView::hovered);
    QRect cellRect;  // the widget pixels that show map value (2, 1)
    for (int y = 0; y < view->height(); y += 2)
        for (int x = 0; x < view->width(); x += 2)
            if (view->mapPosition({x, y}) == QPoint(2, 1)) cellRect |= QRect(x, y, 1, 1);
    const QPoint inside = cellRect.center();
    QVERIFY(!inside.isNull());
    QTest::mouseMove(view, inside);
    QTRY_VERIFY(!hovered.isEmpty());
    QCOMPARE(hovered.last().at(0).toInt(), 2);
    QCOMPARE(hovered.last().at(2).toFloat(), 306.f);
    QVERIFY(panel.findChild<QLabel*>("valueUnderCursor")->text().contains("306"));
    panel.setOverlay(true, 0.25);
    QVERIFY(view->overlayEnabled());
    QCOMPARE(view->opacity(), 0.25);
    // The same layer again keeps the open channel; another layer closes it.
    panel.setFeatureMap(panel.featureMap(), {});
    QCOMPARE(panel.selectedChannel(), 3);
    panel.setFeatureMap(makeMap("features.norm5", 2, 2, 2, [](int, int, int) { return 1.f; }), {});
    QCOMPARE(panel.selectedChannel(), -1);
}

void TestFeatureMaps::exports() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ds::ModelSummary s = tinySummary();
    auto m = makeMap("features.denseblock1", 16, 3, 5,
                     [](int c, int y, int x) { return c - 0.5f * y + x / 3.f; });
    FeatureMapPanel panel;
    panel.setSummary(s);
    panel.setFeatureMap(m, {});

    panel.exportGridPng(dir.filePath("grid.png"));
    const QImage grid = QImage(dir.filePath("grid.png")).convertToFormat(QImage::Format_RGB32);
    QVERIFY(!grid.isNull());
    // A figure for slides: wide, a title and a colour bar above the tiles.
    GridFigureOptions options;
    options.colormap = panel.effectiveColormap();
    options.originColors = QVector<QColor>(16, Qt::red);  // a dense block: origin strips
    const GridFigureLayout layout = gridFigureLayout(*m, options);
    QCOMPARE(grid.size(), layout.size);
    QVERIFY2(grid.width() >= 1600, qPrintable(QString::number(grid.width())));
    int inked = 0;  // the title's text: dark pixels in the header, left of the colour bar
    for (int y = layout.titleArea.top(); y <= layout.titleArea.bottom(); ++y)
        for (int x = layout.titleArea.left(); x < layout.colorBar.left(); ++x)
            inked += qGray(grid.pixel(x, y)) < 128;
    QVERIFY2(inked > 500, qPrintable(QString("%1 dark pixels in the title").arg(inked)));
    for (int x : {2, layout.colorBar.width() / 2, layout.colorBar.width() - 3}) {
        const QColor want = colorAt(options.colormap, double(x) / (layout.colorBar.width() - 1));
        QCOMPARE(QColor(grid.pixel(layout.colorBar.left() + x, layout.colorBar.center().y())),
                 want);
    }
    // Each tile is its channel's bytes through the colour table, a block per value.
    const QVector<QRgb>& lut = colorTable(options.colormap);
    for (int c : {0, 5, 15})
        for (auto [y, x] : {std::pair{0, 0}, std::pair{1, 3}, std::pair{2, 4}}) {
            QCOMPARE(grid.pixel(layout.pixelAt(c, x, y)),
                     lut[m->bytes[size_t(c) * 15 + size_t(y) * 5 + x]]);
        }
    panel.exportChannelPng(5, dir.filePath("c5.png"), 4);
    QCOMPARE(QImage(dir.filePath("c5.png")).size(), QSize(20, 12));

    panel.exportMapNpy(dir.filePath("map.npy"));
    ds::NpyArray a = ds::readNpy(dir.filePath("map.npy").toStdString());
    QCOMPARE(a.shape, std::vector<int64_t>({16, 3, 5}));
    QVERIFY(std::equal(m->data.begin(), m->data.end(), a.f32()));
    panel.exportChannelNpy(9, dir.filePath("c9.npy"));
    a = ds::readNpy(dir.filePath("c9.npy").toStdString());
    QCOMPARE(a.shape, std::vector<int64_t>({3, 5}));
    QVERIFY(std::equal(m->channel(9), m->channel(9) + 15, a.f32()));

    panel.exportChannelCsv(9, dir.filePath("c9.csv"));
    QStringList lines = readLines(dir.filePath("c9.csv"));
    QCOMPARE(lines.size(), 3);
    for (int y = 0; y < 3; ++y) {
        const QStringList values = lines[y].split(',');
        QCOMPARE(values.size(), 5);
        for (int x = 0; x < 5; ++x) QCOMPARE(values[x].toFloat(), m->channel(9)[y * 5 + x]);
    }
    panel.exportMapCsv(dir.filePath("map.csv"));
    lines = readLines(dir.filePath("map.csv"));
    QCOMPARE(lines.size(), 1 + 16 * 3 * 5);
    QCOMPARE(lines[0], QStringLiteral("channel,y,x,value"));
    const QStringList row = lines[1 + 9 * 15 + 2 * 5 + 4].split(',');  // c 9, y 2, x 4
    QCOMPARE(row.mid(0, 3), QStringList({"9", "2", "4"}));
    QCOMPARE(row[3].toFloat(), m->channel(9)[14]);
    panel.exportStatsCsv(dir.filePath("stats.csv"));
    lines = readLines(dir.filePath("stats.csv"));
    QCOMPARE(lines.size(), 17);
    QCOMPARE(lines[0], QStringLiteral("channel,origin,min,max,mean"));
    QVERIFY(lines[1].startsWith("0,block input,"));
    QVERIFY(lines[13].startsWith("12,denselayer2,"));
}

void TestFeatureMaps::exportErrors() {
    FeatureMapPanel panel;
    QVERIFY_THROWS_EXCEPTION(ds::Error, panel.exportMapNpy("/tmp/never-written.npy"));
    panel.setFeatureMap(makeMap("features.pool0", 2, 2, 2, [](int, int, int) { return 0.f; }), {});
    QVERIFY_THROWS_EXCEPTION(ds::Error, panel.exportChannelCsv(7, "/tmp/never-written.csv"));
    QVERIFY_THROWS_EXCEPTION(ds::Error, panel.exportMapCsv("/nonexistent-dir/x.csv"));
    QVERIFY_THROWS_EXCEPTION(ds::Error, panel.exportMapNpy("/nonexistent-dir/x.npy"));
    QVERIFY_THROWS_EXCEPTION(ds::Error, panel.exportGridPng("/nonexistent-dir/x.png"));
}

void TestFeatureMaps::channelExportsNeedAChannel() {
    FeatureMapPanel panel;
    panel.setSummary(tinySummary());
    panel.setFeatureMap(makeMap("features.denseblock1", 16, 3, 5,
                                [](int c, int y, int x) { return c + y - x / 2.f; }),
                        {});
    auto* button = panel.findChild<QToolButton*>(QStringLiteral("exportButton"));
    QVERIFY(button && button->menu());
    QList<QAction*> channelItems;
    for (QAction* a : button->menu()->actions())
        if (a->text().startsWith(QStringLiteral("Channel as"))) channelItems << a;
    QCOMPARE(channelItems.size(), 3);
    for (QAction* a : channelItems) {
        QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
        QVERIFY(a->toolTip().contains(QStringLiteral("Click a channel")));  // says why
    }
    panel.selectChannel(3);
    for (QAction* a : channelItems) QVERIFY2(a->isEnabled(), qPrintable(a->text()));
    panel.selectChannel(-1);
    for (QAction* a : channelItems) QVERIFY(!a->isEnabled());
    panel.selectChannel(2);
    panel.setFeatureMap(makeMap("features.norm5", 2, 2, 2, [](int, int, int) { return 1.f; }), {});
    for (QAction* a : channelItems) QVERIFY(!a->isEnabled());  // another layer: none open
}

QTEST_MAIN(TestFeatureMaps)
#include "tst_feature_maps.moc"
