// What the inference worker runs, without the worker or its thread: ViewAssembler
// (ui/worker/view_assembler.h) from hand-made engine results, and ModelLoader
// (ui/worker/model_loader.h) with a tiny random-weights DenseNet (no fixtures): loads, labels
// files that cannot be used, a cancelled or failed load keeping the previous model, and taught
// heads that fit or not.
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "densescope/errors.h"
#include "densescope/teach.h"
#include "model_loader.h"
#include "view_assembler.h"

using namespace ds::ui;

namespace {

ds::FeatureMap makeMap() {
    ds::FeatureMap map;
    map.layer = "features.denseblock1";
    map.channels = 2;
    map.height = 2;
    map.width = 2;
    map.data = {-1, 0, 1, 2, 4, 3, 2, 1};
    map.channelMin = {-1, 1};
    map.channelMax = {2, 4};
    map.channelMean = {0.5f, 2.5f};
    return map;
}

ds::DenseNetConfig tiny(int growth = 4, int classes = 3) {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = growth;
    c.blockConfig = {1, 1};
    c.initFeatures = 8;
    c.bnSize = 1;
    c.numClasses = classes;
    return c;
}

ModelRequest request(const ds::DenseNetConfig& config, const QString& labels = {}) {
    ModelRequest r;
    r.config = config;
    r.weights = QStringLiteral("random:1");
    r.device = ds::DeviceKind::Cpu;
    r.labels = labels;
    return r;
}

QString writeLabels(const QTemporaryDir& dir, const QString& name, const QStringList& lines) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return {};
    file.write(lines.join('\n').toUtf8() + '\n');
    return path;
}

}  // namespace

class TestWorkerParts : public QObject {
    Q_OBJECT

private slots:
    void viewStartsEmpty() {
        ViewAssembler views;
        QVERIFY(!views.hasView());
        QVERIFY(!views.unsent());
        QVERIFY(!views.take());
        views.answer(7);  // no view: nothing to answer with
        QCOMPARE(views.view().id, quint64(0));
        QVERIFY(!views.rescaleMap(8));
    }

    void imageThenPassThenTake() {
        ViewAssembler views;
        QImage original(40, 30, QImage::Format_RGB888);
        original.fill(Qt::red);
        views.setImage(3, QStringLiteral("a.png"), original, original.scaled(224, 224), 1.5);
        QVERIFY(views.unsent());
        QCOMPARE(views.view().imageId, quint64(3));
        QVERIFY(views.view().top.empty());
        QVERIFY(!views.view().map);

        ds::ClassifyResult result;
        result.top = {ds::Prediction{}};
        result.top[0].label = "dog";
        result.maps.push_back(makeMap());
        result.timings.forwardMs = 10;
        views.setClassified(5, 2, 0, std::move(result));
        const ViewResult& view = views.view();
        QCOMPARE(view.id, quint64(5));
        QCOMPARE(view.modelId, quint64(2));
        QCOMPARE(view.imageId, quint64(3));  // the image it shows stays
        QCOMPARE(view.source, QStringLiteral("a.png"));
        QCOMPARE(view.top.size(), size_t(1));
        QVERIFY(view.map);
        QCOMPARE(view.map->bytes.size(), size_t(8));  // the 8-bit form, per channel
        QCOMPARE(view.map->bytesScaling, ds::MapScaling::PerChannel);
        QCOMPARE(view.timings.forwardMs, 10.0);

        views.answer(9);  // a round whose newest request is 9
        const auto taken = views.take();
        QVERIFY(taken);
        QCOMPARE(taken->id, quint64(9));
        QVERIFY(!views.unsent());
        QVERIFY(!views.take());  // sent once

        // A new image clears the predictions and the map of the last one.
        views.setImage(10, QStringLiteral("b.png"), original, original, 0);
        QVERIFY(views.view().top.empty());
        QVERIFY(!views.view().map);
        QCOMPARE(views.view().modelId, quint64(2));
    }

    void rescaleCopiesTheShownMap() {
        ViewAssembler views;
        ds::ClassifyResult result;
        result.maps.push_back(makeMap());
        views.setClassified(1, 1, 0, std::move(result));
        const std::shared_ptr<const ds::FeatureMap> shown = views.view().map;
        const std::vector<uint8_t> before = shown->bytes;
        views.take();

        views.setMapBytes(MapBytes{ds::MapScaling::Shared, false});
        QVERIFY(!views.unsent());  // only kept for later maps
        QVERIFY(views.rescaleMap(4));
        QVERIFY(views.unsent());
        QCOMPARE(views.view().id, quint64(4));
        QVERIFY(views.view().map != shown);  // the UI may still paint the old one
        QCOMPARE(shown->bytes, before);
        QCOMPARE(shown->bytesScaling, ds::MapScaling::PerChannel);
        QCOMPARE(views.view().map->bytesScaling, ds::MapScaling::Shared);

        // Later maps come in the scaling asked for; a kept map replaces the shown one.
        auto kept = std::make_shared<ds::FeatureMap>(makeMap());
        views.applyMapBytes(*kept);
        QCOMPARE(kept->bytesScaling, ds::MapScaling::Shared);
        views.setMap(6, kept, 0.25);
        QCOMPARE(views.view().map.get(), kept.get());
        QCOMPARE(views.view().timings.mapsMs, 0.25);
        views.setMap(7, nullptr, 0);  // no layer
        QVERIFY(!views.view().map);
        QCOMPARE(views.view().id, quint64(7));

        views.take();
        views.setTop({});
        QVERIFY(views.unsent());
    }

    void loaderBeforeAnyModel() {
        ModelLoader loader;
        QVERIFY(!loader.engine());
        QVERIFY(!loader.loaded());
        QVERIFY(!loader.hasLayer(QStringLiteral("features.conv0")));
        QVERIFY(loader.describe(request(tiny())).layers.isEmpty());
        const auto top = loader.rank({0.f, 2.f, 1.f}, 2);
        QCOMPARE(top.size(), size_t(2));
        QCOMPARE(top[0].index, 1);
        loader.setHead(nullptr, {});  // nothing to clear
        auto head = std::make_shared<ds::LinearHead>();
        QVERIFY_THROWS_EXCEPTION(ds::Error, loader.setHead(head, QStringLiteral("h")));
    }

    void loadsAndDescribes() {
        ModelLoader loader;
        const ModelRequest r = request(tiny());
        loader.load(r);
        QVERIFY(loader.loaded());
        QVERIFY(loader.labelsError().isEmpty());
        QVERIFY(loader.hasLayer(QStringLiteral("features.denseblock1")));
        QVERIFY(!loader.hasLayer(QStringLiteral("features.denseblock9")));
        QCOMPARE(loader.device(), ds::DeviceKind::Cpu);
        const ModelInfo info = loader.describe(r);
        QVERIFY(info.config == r.config);
        QVERIFY(info.randomWeights);
        QCOMPARE(info.weightsSpec, r.weights);
        QCOMPARE(info.deviceName, QStringLiteral("cpu"));
        QVERIFY(!info.deviceDescription.isEmpty());
        QVERIFY(info.layers.contains(QStringLiteral("features.denseblock2")));
        QCOMPARE(info.id, quint64(0));  // the caller's to fill in
        QVERIFY(!info.headDropped);

        // Same device: the engine stays, the model is replaced.
        ds::Engine* engine = loader.engine();
        loader.load(request(tiny(6)));
        QCOMPARE(loader.engine(), engine);
        QCOMPARE(loader.engine()->config().growthRate, 6);
    }

    void labelsThatCannotBeUsedDoNotStopTheLoad() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ModelLoader loader;
        const QString two = writeLabels(dir, QStringLiteral("two.txt"), {"cat", "dog"});
        loader.load(request(tiny(), two));
        QVERIFY(loader.loaded());
        QVERIFY2(!loader.labelsError().isEmpty(), "3 classes, 2 labels");
        QVERIFY(loader.describe(request(tiny(), two)).labels.isEmpty());

        const QString missing = dir.filePath(QStringLiteral("missing.txt"));
        loader.load(request(tiny(), missing));
        QVERIFY(loader.loaded());
        QVERIFY(!loader.labelsError().isEmpty());

        const QString three = writeLabels(dir, QStringLiteral("three.txt"), {"cat", "dog", "eel"});
        loader.load(request(tiny(), three));
        QVERIFY(loader.labelsError().isEmpty());
        QCOMPARE(loader.describe(request(tiny(), three)).labels, three);
        QCOMPARE(loader.rank({0.f, 0.f, 5.f}, 1).at(0).label, std::string("eel"));
    }

    void cancelledOrFailedLoadKeepsThePreviousModel() {
        ModelLoader loader;
        loader.load(request(tiny()));
        QVERIFY_THROWS_EXCEPTION(ds::Cancelled, loader.load(request(tiny(6)), [] { return true; }));
        QCOMPARE(loader.engine()->config().growthRate, 4);
        ds::DenseNetConfig bad = tiny();
        bad.growthRate = 0;
        QVERIFY_THROWS_EXCEPTION(ds::ConfigError, loader.load(request(bad)));
        QVERIFY(loader.loaded());
        QCOMPARE(loader.engine()->config().growthRate, 4);
    }

    void headsThatFitAndHeadsThatDoNot() {
        ModelLoader loader;
        loader.load(request(tiny()));
        const ds::BackboneIdentity backbone = ds::backboneIdentity(*loader.engine());
        auto head = std::make_shared<ds::LinearHead>();
        head->classNames = {"left", "right"};
        head->featureCount = backbone.featureCount;
        head->weight.assign(size_t(2 * backbone.featureCount), 0.f);
        head->bias = {0.f, 1.f};
        head->backbone = backbone;

        auto foreign = std::make_shared<ds::LinearHead>(*head);
        foreign->backbone.config.growthRate = 6;
        QVERIFY_THROWS_EXCEPTION(ds::Error, loader.setHead(foreign, QStringLiteral("foreign.head")));
        QVERIFY(!loader.engine()->head());

        loader.setHead(head, QStringLiteral("taught.head"));
        QCOMPARE(loader.engine()->head(), std::shared_ptr<const ds::LinearHead>(head));
        QCOMPARE(loader.rank({0.f, 1.f}, 1).at(0).label, std::string("right"));  // its names

        loader.load(request(tiny()));  // the same backbone again: kept
        QVERIFY(loader.engine()->head());
        loader.load(request(tiny(6)));  // another layout: dropped
        QVERIFY(!loader.engine()->head());
        loader.setHead(nullptr, {});
        QVERIFY(!loader.engine()->head());
    }
};

QTEST_GUILESS_MAIN(TestWorkerParts)
#include "tst_worker_parts.moc"
