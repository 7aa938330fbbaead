// The dense-connectivity heat map (ds::connectivity) and a map's statistics
// (ds::channelStatistics), in core and through densescope-cli, against torchvision:
// tests/oracle/make_connectivity.py computes both from the fixtures' weights and hooked outputs.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <map>

#include "cli_test_util.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "fixtures.h"
#include "parity.h"

namespace {

QJsonObject oracle() {
    static const QJsonObject o = fixtures::json("connectivity.json").object();
    return o;
}

QString fixture(const QString& name) { return fixtures::dir() + "/" + name; }

// Relative difference, with 1e-12 as the smallest scale (values are mean |W|, all > 0).
double relDiff(double a, double b) { return std::fabs(a - b) / std::max({std::fabs(b), 1e-12}); }

QStringList modelFlags(const QString& model) {
    return model == "densenet121" ? QStringList{"--variant", "densenet121"}
                                  : fixtures::configFlags(fixtures::config(model));
}

// Compares one block's heat map (as JSON: null for a missing cell) with the oracle's; returns
// what differs, for a person.
QString compareValues(const QJsonArray& got, const QJsonArray& want, const QString& block) {
    if (got.size() != want.size()) return QString("%1: %2 targets, want %3").arg(block).arg(got.size()).arg(want.size());
    for (int t = 0; t < want.size(); ++t) {
        const QJsonArray g = got[t].toArray(), w = want[t].toArray();
        if (g.size() != w.size()) return QString("%1 target %2: %3 sources, want %4").arg(block).arg(t).arg(g.size()).arg(w.size());
        for (int s = 0; s < w.size(); ++s) {
            if (w[s].isNull() != g[s].isNull())
                return QString("%1 [%2][%3]: null %4, want %5").arg(block).arg(t).arg(s).arg(g[s].isNull()).arg(w[s].isNull());
            if (!w[s].isNull() && !(relDiff(g[s].toDouble(), w[s].toDouble()) <= 1e-6))
                return QString("%1 [%2][%3]: %4, want %5").arg(block).arg(t).arg(s).arg(g[s].toDouble(), 0, 'g', 10).arg(w[s].toDouble(), 0, 'g', 10);
        }
    }
    return {};
}

QJsonArray valuesJson(const ds::BlockConnectivity& b) {
    QJsonArray rows;
    for (const auto& row : b.values) {
        QJsonArray r;
        for (const auto& v : row) r.append(v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
        rows.append(r);
    }
    return rows;
}

QJsonArray strings(const std::vector<std::string>& list) {
    QJsonArray out;
    for (const auto& s : list) out.append(QString::fromStdString(s));
    return out;
}

ds::FeatureMap mapFromNpy(const QString& file, const QString& layer) {
    const ds::NpyArray a = ds::readNpy(fixtures::path(file));
    ds::FeatureMap m;
    m.layer = layer.toStdString();
    m.channels = int(a.shape.at(0));
    m.height = int(a.shape.at(1));
    m.width = int(a.shape.at(2));
    m.data.assign(a.f32(), a.f32() + a.numel());
    return m;
}

// The engine's map of a layer for input256, one forward per model (all its oracle layers).
const ds::FeatureMap& engineMap(const QString& model, const QString& layer) {
    static std::map<QString, std::map<QString, ds::FeatureMap>> cache;
    auto& maps = cache[model];
    if (maps.empty()) {
        const QJsonObject stats = oracle().value(model).toObject().value("statistics").toObject();
        std::vector<std::string> layers;
        for (const QString& l : stats.keys()) layers.push_back(l.toStdString());
        ds::Engine engine({ds::DeviceKind::Cpu});
        engine.load(fixtures::config(model), fixtures::path(model + ".pth"));
        auto result = engine.classifyTensor(fixtures::loadInput(), 224, 224, 1, layers);
        for (auto& m : result.maps) maps[QString::fromStdString(m.layer)] = std::move(m);
    }
    return maps.at(layer);
}

}  // namespace

class TestConnectivity : public QObject {
    Q_OBJECT
private slots:
    void heatMap_data();
    void heatMap();
    void heatMapCli_data() { heatMap_data(); }
    void heatMapCli();
    void statisticsOfReferenceMaps_data();
    void statisticsOfReferenceMaps();
    void statisticsOfEngineMaps_data() { statisticsOfReferenceMaps_data(); }
    void statisticsOfEngineMaps();
    void statisticsCli_data();
    void statisticsCli();
    void statisticsEdgeCases();
    void cliErrors();
};

void TestConnectivity::heatMap_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestConnectivity::heatMap() {
    QFETCH(QString, model);
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config(model), fixtures::path(model + ".pth"));
    QElapsedTimer clock;
    clock.start();
    const auto blocks = ds::connectivity(engine);  // builds the plain module on first use
    const qint64 firstNs = clock.nsecsElapsed();
    qint64 againNs = std::numeric_limits<qint64>::max();
    for (int i = 0; i < 3; ++i) {
        clock.restart();
        QCOMPARE(ds::connectivity(engine).size(), blocks.size());
        againNs = std::min(againNs, clock.nsecsElapsed());
    }
    qInfo("%s: connectivity %.1f ms first (with the plain module), %.1f ms again (best of 3)",
          qPrintable(model), firstNs / 1e6, againNs / 1e6);
    const QJsonArray want = oracle().value(model).toObject().value("blocks").toArray();
    QCOMPARE(int(blocks.size()), want.size());
    for (int b = 0; b < want.size(); ++b) {
        const QJsonObject w = want[b].toObject();
        const auto& got = blocks[size_t(b)];
        QCOMPARE(QString::fromStdString(got.name), w.value("name").toString());
        QCOMPARE(strings(got.sources), w.value("sources").toArray());
        QCOMPARE(strings(got.targets), w.value("targets").toArray());
        QJsonArray channels;
        for (const auto& [first, count] : got.sourceChannels) channels.append(QJsonArray{first, count});
        QCOMPARE(channels, w.value("source_channels").toArray());
        const QString error = compareValues(valuesJson(got), w.value("values").toArray(), w.value("name").toString());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void TestConnectivity::heatMapCli() {
    QFETCH(QString, model);
    const auto r = clitest::run(QStringList{"connectivity"} + modelFlags(model) +
                                QStringList{"--weights", fixture(model + ".pth"), "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.json.value("variant").toString(), model == "densenet121" ? "densenet121" : "custom");
    QCOMPARE(r.json.value("weights").toString(), fixture(model + ".pth"));
    const QJsonArray got = r.json.value("blocks").toArray();
    const QJsonArray want = oracle().value(model).toObject().value("blocks").toArray();
    QCOMPARE(got.size(), want.size());
    for (int b = 0; b < want.size(); ++b) {
        const QJsonObject g = got[b].toObject(), w = want[b].toObject();
        for (const char* key : {"name", "sources", "targets", "source_channels"})
            QCOMPARE(g.value(key), w.value(key));
        const QString error = compareValues(g.value("values").toArray(), w.value("values").toArray(), w.value("name").toString());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    // The readable form: one table per block, rows named by target.
    const auto text = clitest::run(QStringList{"connectivity"} + modelFlags(model) +
                                   QStringList{"--weights", fixture(model + ".pth")});
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.contains("features.denseblock1:"));
    QVERIFY(text.out.contains("\ntransition1 ") || text.out.contains("\ntransition1\t") || text.out.contains("transition1"));
    QVERIFY(text.out.contains("classifier"));
}

void TestConnectivity::statisticsOfReferenceMaps_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("channel");
    QTest::addColumn<int>("bins");
    for (const QString model : {"tiny", "densenet121"}) {
        const QJsonObject stats = oracle().value(model).toObject().value("statistics").toObject();
        for (const QString& layer : stats.keys())
            for (const QString& ch : stats.value(layer).toObject().value("channels").toObject().keys())
                for (int bins : {64, 7})
                    QTest::newRow(qPrintable(QString("%1 %2 c%3 b%4").arg(model, layer, ch).arg(bins)))
                        << model << layer << ch.toInt() << bins;
    }
}

// The definition itself: on torchvision's own map, every number equals numpy's (histogram
// counts exactly: channelStatistics bins as numpy.histogram does).
void TestConnectivity::statisticsOfReferenceMaps() {
    QFETCH(QString, model);
    QFETCH(QString, layer);
    QFETCH(int, channel);
    QFETCH(int, bins);
    const ds::FeatureMap map = mapFromNpy(QString("stats.%1.%2.npy").arg(model, layer), layer);
    const QJsonObject want = oracle().value(model).toObject().value("statistics").toObject()
                                 .value(layer).toObject().value("channels").toObject()
                                 .value(QString::number(channel)).toObject();
    const ds::ChannelStatistics s = ds::channelStatistics(map, channel, bins);
    QCOMPARE(double(s.min), want.value("min").toDouble());
    QCOMPARE(double(s.max), want.value("max").toDouble());
    QVERIFY(relDiff(s.mean, want.value("mean").toDouble()) < 1e-9 || std::fabs(s.mean) < 1e-12);
    QVERIFY(relDiff(s.stddev, want.value("std").toDouble()) < 1e-9);
    QCOMPARE(s.fractionNonPositive, want.value("fraction_nonpositive").toDouble());
    const QJsonObject h = want.value("histograms").toObject().value(QString::number(bins)).toObject();
    QJsonArray counts;
    for (int64_t c : s.histogram) counts.append(qint64(c));
    QCOMPARE(counts, h.value("counts").toArray());
    const auto edges = ds::histogramEdges(s);
    const QJsonArray wantEdges = h.value("edges").toArray();
    QCOMPARE(int(edges.size()), wantEdges.size());
    for (int i = 0; i < wantEdges.size(); ++i) QCOMPARE(edges[size_t(i)], wantEdges[i].toDouble());
}

// The same numbers from the engine's own forward pass (float32, so they differ from
// torchvision's in the last bits): values within the oracle's per-layer tolerance (2e-5 of the
// layer's largest |value|), and a histogram that differs only by values lying within that
// tolerance of a bin edge. That allowance holds because the maps differ by less than half
// the tolerance (checked here), and an edge
// moves by no more than min or max do: a value can change bins only if it lies that close to
// an edge, and each such value changes two counts by one.
void TestConnectivity::statisticsOfEngineMaps() {
    QFETCH(QString, model);
    QFETCH(QString, layer);
    QFETCH(int, channel);
    QFETCH(int, bins);
    const ds::FeatureMap& map = engineMap(model, layer);
    const ds::FeatureMap ref = mapFromNpy(QString("stats.%1.%2.npy").arg(model, layer), layer);
    QCOMPARE(map.data.size(), ref.data.size());
    const QJsonObject layerRef = oracle().value(model).toObject().value("statistics").toObject().value(layer).toObject();
    const double tolerance = layerRef.value("tolerance").toDouble();
    const double mapDiff = fixtures::maxAbsDiff(map.data.data(), ref.data.data(), map.data.size());
    QVERIFY2(mapDiff < tolerance / 2, qPrintable(QString("maps differ by %1 (tolerance %2)").arg(mapDiff).arg(tolerance)));

    const QJsonArray means = layerRef.value("channel_means").toArray();
    QCOMPARE(int(map.channelMean.size()), means.size());
    for (int c = 0; c < means.size(); ++c)
        QVERIFY2(std::fabs(map.channelMean[size_t(c)] - means[c].toDouble()) < tolerance,
                 qPrintable(QString("channel %1 mean %2, want %3").arg(c).arg(map.channelMean[size_t(c)]).arg(means[c].toDouble())));

    const QJsonObject want = layerRef.value("channels").toObject().value(QString::number(channel)).toObject();
    const ds::ChannelStatistics s = ds::channelStatistics(map, channel, bins);
    QVERIFY(std::fabs(s.min - want.value("min").toDouble()) < tolerance);
    QVERIFY(std::fabs(s.max - want.value("max").toDouble()) < tolerance);
    QVERIFY(std::fabs(s.mean - want.value("mean").toDouble()) < tolerance);
    QVERIFY(std::fabs(s.stddev - want.value("std").toDouble()) < tolerance);
    const double n = double(map.height) * map.width;
    // A value <= 0 on one side only is within mapDiff of 0; none of these maps has such values
    // except exact ReLU zeros, which both sides compute as 0.
    QVERIFY(std::fabs(s.fractionNonPositive - want.value("fraction_nonpositive").toDouble()) * n < 0.5);
    const QJsonObject h = want.value("histograms").toObject().value(QString::number(bins)).toObject();
    const QJsonArray counts = h.value("counts").toArray();
    QCOMPARE(int(s.histogram.size()), counts.size());
    int64_t moved = 0, total = 0;
    for (int b = 0; b < counts.size(); ++b) {
        moved += std::llabs(s.histogram[size_t(b)] - counts[b].toInteger());
        total += s.histogram[size_t(b)];
    }
    QCOMPARE(total, int64_t(n));
    const int64_t nearEdge = h.value("near_edge").toInteger();
    QVERIFY2(moved <= 2 * nearEdge,
             qPrintable(QString("histogram counts differ by %1 in all; only %2 values lie near an edge").arg(moved).arg(nearEdge)));
}

void TestConnectivity::statisticsCli_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("channel");
    QTest::newRow("tiny norm5") << "tiny" << "features.norm5" << 1;
    QTest::newRow("tiny denselayer") << "tiny" << "features.denseblock2.denselayer3" << 0;
    QTest::newRow("densenet121 denselayer") << "densenet121" << "features.denseblock3.denselayer24" << 16;
}

void TestConnectivity::statisticsCli() {
    QFETCH(QString, model);
    QFETCH(QString, layer);
    QFETCH(int, channel);
    const auto r = clitest::run(QStringList{"stats"} + modelFlags(model) +
                                QStringList{"--weights", fixture(model + ".pth"), "--layer", layer,
                                            "--channel", QString::number(channel), "--bins", "64",
                                            "--json", fixture("input256.png")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject layerRef = oracle().value(model).toObject().value("statistics").toObject().value(layer).toObject();
    const QJsonObject want = layerRef.value("channels").toObject().value(QString::number(channel)).toObject();
    QVERIFY(!want.isEmpty());
    QCOMPARE(r.json.value("layer").toString(), layer);
    QCOMPARE(r.json.value("channel").toInt(), channel);
    QCOMPARE(r.json.value("shape").toArray(), layerRef.value("shape").toArray());
    const double tolerance = layerRef.value("tolerance").toDouble();
    for (const char* key : {"min", "max", "mean", "std"})
        QVERIFY2(std::fabs(r.json.value(key).toDouble() - want.value(key).toDouble()) < tolerance, key);
    const QJsonArray shape = layerRef.value("shape").toArray();
    const double n = shape[1].toDouble() * shape[2].toDouble();
    QVERIFY(std::fabs(r.json.value("fraction_nonpositive").toDouble() - want.value("fraction_nonpositive").toDouble()) * n < 0.5);
    const QJsonObject h = r.json.value("histogram").toObject();
    const QJsonObject hw = want.value("histograms").toObject().value("64").toObject();
    QCOMPARE(h.value("counts").toArray().size(), 64);
    QCOMPARE(h.value("edges").toArray().size(), 65);
    QCOMPARE(h.value("edges").toArray().first().toDouble(), r.json.value("min").toDouble());
    QCOMPARE(h.value("edges").toArray().last().toDouble(), r.json.value("max").toDouble());
    int64_t moved = 0;
    for (int b = 0; b < 64; ++b)
        moved += std::llabs(h.value("counts").toArray()[b].toInteger() - hw.value("counts").toArray()[b].toInteger());
    QVERIFY(moved <= 2 * hw.value("near_edge").toInteger());
    const QJsonArray means = r.json.value("channel_means").toArray(), meansRef = layerRef.value("channel_means").toArray();
    QCOMPARE(means.size(), meansRef.size());
    for (int c = 0; c < means.size(); ++c) QVERIFY(std::fabs(means[c].toDouble() - meansRef[c].toDouble()) < tolerance);
}

void TestConnectivity::statisticsEdgeCases() {
    ds::FeatureMap map;
    map.layer = "features.norm5";
    map.channels = 2;
    map.height = 2;
    map.width = 3;
    map.data = {3, 3, 3, 3, 3, 3, -1, 0, 1, 2, 3, 4};
    const auto flat = ds::channelStatistics(map, 0, 4);
    QCOMPARE(flat.histogram, (std::vector<int64_t>{6, 0, 0, 0}));
    QCOMPARE(flat.stddev, 0.0);
    QCOMPARE(flat.fractionNonPositive, 0.0);
    const auto ramp = ds::channelStatistics(map, 1, 5);  // edges -1, 0, 1, 2, 3, 4: max in the last bin
    QCOMPARE(ramp.histogram, (std::vector<int64_t>{1, 1, 1, 1, 2}));
    QCOMPARE(ramp.fractionNonPositive, 2.0 / 6.0);
    QCOMPARE(ramp.mean, 1.5);
    QVERIFY(std::fabs(ramp.stddev - std::sqrt(17.5 / 6.0)) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::channelStatistics(map, 2, 4));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::channelStatistics(map, -1, 4));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::channelStatistics(map, 0, 0));
    try {
        ds::channelStatistics(map, 5, 4);
    } catch (const ds::ConfigError& e) {
        QVERIFY2(QString(e.what()).contains("0 to 1"), e.what());  // says the valid range
    }
}

void TestConnectivity::cliErrors() {
    const QStringList tiny = modelFlags("tiny") + QStringList{"--weights", fixture("tiny.pth")};
    const QString image = fixture("input256.png");
    auto stats = [&](const QStringList& extra) { return clitest::run(QStringList{"stats"} + tiny + extra); };
    auto r = stats({"--layer", "features.norm5", "--channel", "9999", image});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("9999") && r.err.contains("0 to"), qPrintable(r.err));
    r = stats({"--layer", "features.nope", image});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("features.nope"));
    QCOMPARE(stats({image}).code, 2);  // no --layer
    QCOMPARE(stats({"--layer", "features.norm5", "--bins", "0", image}).code, 2);
    QCOMPARE(stats({"--layer", "features.norm5", fixture("no-such-image.png")}).code, 1);
    r = clitest::run(QStringList{"connectivity"} + tiny + QStringList{image});
    QCOMPARE(r.code, 2);
    QCOMPARE(clitest::run({"connectivity", "--variant", "densenet121", "--weights", fixture("tiny.pth")}).code, 2);
}

QTEST_GUILESS_MAIN(TestConnectivity)
#include "tst_connectivity.moc"
