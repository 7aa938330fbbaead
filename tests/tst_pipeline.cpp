// The window while requests are in flight, offscreen with the tiny fixture model: panels
// being recomputed are marked until their answer arrives (and a superseded answer neither
// unmarks nor overwrites them), a layer switch for the same image runs no forward pass, and
// a model load can be cancelled, leaving the previous model answering.
#include <QAction>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "feature_map_panel.h"
#include "image_view.h"
#include "main_window.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "stale_marks.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

class TestPipeline : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void panelsMarkedWhilePending();
    void supersededAnswersLeaveMarks();
    void layerSwitchRunsNoForward();
    void cancelledLoadKeepsPreviousModel();
    void closingDuringLoadStopsIt();

private:
    QTemporaryDir m_tmp;
};

namespace {
bool stale(QWidget* w) { return StaleMarks::isStale(w); }
NetworkTree* tree(MainWindow& w) {
    return w.findChild<NetworkTree*>(QStringLiteral("networkTree"));
}
QString mapLayer(MainWindow& w) {
    const auto map = w.featureMaps()->featureMap();
    return map ? QString::fromStdString(map->layer) : QString();
}
}  // namespace

void TestPipeline::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    QVERIFY(m_tmp.isValid());
    isolateFrom(m_tmp);
}

void TestPipeline::panelsMarkedWhilePending() {
    auto w = started(tinyOptions());
    for (QWidget* p :
         {static_cast<QWidget*>(w->modelPanel()), static_cast<QWidget*>(tree(*w)),
          static_cast<QWidget*>(w->featureMaps()), static_cast<QWidget*>(w->predictions()),
          static_cast<QWidget*>(w->imageView())})
        QVERIFY2(!stale(p), qPrintable(p->objectName()));

    // A layer: only the maps wait; the tree already shows the choice.
    QSignalSpy shown(w.get(), &MainWindow::viewShown);
    emit tree(*w)->layerSelected(QStringLiteral("features.transition1"));
    QVERIFY(stale(w->featureMaps()));
    QVERIFY(!stale(tree(*w)) && !stale(w->predictions()) && !stale(w->imageView()));
    auto* tag = w->findChild<QLabel*>(QStringLiteral("featureMapPanelStaleTag"));
    QVERIFY(tag && tag->isVisible());
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(!stale(w->featureMaps()));
    QVERIFY(!tag->isVisible());
    QCOMPARE(mapLayer(*w), QStringLiteral("features.transition1"));

    // An image: the image, its predictions and maps wait.
    QVERIFY(settle(*w, [&] {
        w->openImage(fixture(QStringLiteral("resized.png")));
        QVERIFY(stale(w->imageView()) && stale(w->predictions()) && stale(w->featureMaps()));
        QVERIFY(!stale(w->modelPanel()));
    }));
    QVERIFY(!stale(w->imageView()) && !stale(w->predictions()) && !stale(w->featureMaps()));

    // A model: everything that depends on it waits, until its predictions are in too.
    QSignalSpy modelShown(w.get(), &MainWindow::modelShown);
    QVERIFY(settle(*w, [&] {
        w->requestModel(tinyRequest(QStringLiteral("random:3")));
        QVERIFY(stale(w->modelPanel()) && stale(tree(*w)) && stale(w->predictions()) &&
                stale(w->featureMaps()));
        QVERIFY(!stale(w->imageView()));
    }));
    QCOMPARE(modelShown.count(), 1);
    for (QWidget* p :
         {static_cast<QWidget*>(w->modelPanel()), static_cast<QWidget*>(tree(*w)),
          static_cast<QWidget*>(w->featureMaps()), static_cast<QWidget*>(w->predictions())})
        QVERIFY2(!stale(p), qPrintable(p->objectName()));
    QCOMPARE(w->loadedModel()->weightsSpec, QStringLiteral("random:3"));
}

void TestPipeline::supersededAnswersLeaveMarks() {
    auto w = started(tinyOptions());
    const QString before = mapLayer(*w);
    const ViewResult current = [&] {
        ViewResult v;
        v.map = w->featureMaps()->featureMap();
        return v;
    }();

    // An answer made before the newest layer request (a race the worker cannot rule out:
    // its view was on its way when the request was made) is not shown and unmarks nothing.
    QSignalSpy shown(w.get(), &MainWindow::viewShown);
    w->selectLayer(QStringLiteral("features.denseblock2"));
    const quint64 pending = w->pending().layer;
    QVERIFY(pending > 0);
    ViewResult old;
    old.id = pending - 1;
    old.imageId = 1;
    old.source = QStringLiteral("old");
    auto oldMap = std::make_shared<ds::FeatureMap>(*current.map);
    oldMap->layer = "features.conv0";
    old.map = oldMap;
    emit w->worker()->viewReady(old);
    QVERIFY(stale(w->featureMaps()));
    QCOMPARE(mapLayer(*w), before);
    QCOMPARE(shown.count(), 0);
    QVERIFY(shown.wait(kWaitMs));  // the real answer
    QVERIFY(!stale(w->featureMaps()));
    QCOMPARE(mapLayer(*w), QStringLiteral("features.denseblock2"));
    QVERIFY(settle(*w, [] {}));
    QCOMPARE(mapLayer(*w), QStringLiteral("features.denseblock2"));  // the old one never shows

    // The same for a model: an older model's summary does not replace the panels' while a
    // newer request is pending.
    const QString title = w->windowTitle();
    QVERIFY(settle(*w, [&] {
        w->requestModel(tinyRequest(QStringLiteral("random:5")));
        ModelInfo older = *w->loadedModel();
        older.id = w->pending().model - 1;
        older.config = ds::DenseNetConfig::variant("densenet121");
        emit w->worker()->modelLoaded(older);
        QVERIFY(stale(w->modelPanel()) && stale(tree(*w)));
        QCOMPARE(w->windowTitle(), title);
    }));
    QVERIFY(!stale(w->modelPanel()) && !stale(tree(*w)));
    QCOMPARE(w->loadedModel()->weightsSpec, QStringLiteral("random:5"));
    QCOMPARE(w->windowTitle(), title);  // still the tiny model, not the older answer
}

void TestPipeline::layerSwitchRunsNoForward() {
    auto w = started(tinyOptions());
    const quint64 forwards = w->worker()->forwardCount();
    QVERIFY(forwards >= 1);
    const QStringList layers = {
        QStringLiteral("features.conv0"), QStringLiteral("features.denseblock1.denselayer2"),
        QStringLiteral("features.transition2"), QStringLiteral("features.norm5")};
    std::map<QString, std::shared_ptr<const ds::FeatureMap>> kept;
    for (const QString& layer : layers) {
        QVERIFY(settle(*w, [&] { emit tree(*w)->layerSelected(layer); }));
        QCOMPARE(mapLayer(*w), layer);
        kept[layer] = w->featureMaps()->featureMap();
        QCOMPARE(w->worker()->forwardCount(), forwards);
    }
    // What was kept equals what a forward pass captures for that layer.
    for (const QString& layer : layers) {
        QVERIFY(settle(*w, [&] { emit tree(*w)->layerSelected(layer); }));
        QVERIFY(settle(*w, [&] { w->openImage(fixture(QStringLiteral("input256.png"))); }));
        const auto fresh = w->featureMaps()->featureMap();
        QCOMPARE(QString::fromStdString(fresh->layer), layer);
        QCOMPARE(fresh->data.size(), kept[layer]->data.size());
        QVERIFY(fixtures::maxAbsDiff(fresh->data.data(), kept[layer]->data.data(),
                                     fresh->data.size()) < 1e-4);
        QCOMPARE(fresh->bytes, kept[layer]->bytes);
    }
    // A new image runs exactly one forward pass per image.
    const quint64 afterImages = w->worker()->forwardCount();
    QCOMPARE(afterImages, forwards + quint64(layers.size()));
}

namespace {
// A layout large enough to take seconds to prepare (about 4 times densenet264's layers).
ModelRequest slowToPrepare() {
    ModelRequest big;
    big.config = ds::DenseNetConfig::variant("densenet121");
    big.config.name = "custom";
    big.config.blockConfig = {24, 48, 160, 96};
    big.weights = QStringLiteral("random");
    big.device = ds::DeviceKind::Cpu;
    return big;
}
}  // namespace

void TestPipeline::cancelledLoadKeepsPreviousModel() {
    auto w = started(tinyOptions());
    const auto tiny = w->loadedModel()->config;
    auto* action = w->findChild<QAction*>(QStringLiteral("cancelLoadAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::Key_Escape));
    QVERIFY(!action->isEnabled());

    const ModelRequest big = slowToPrepare();
    QSignalSpy started(w->worker(), &InferenceWorker::started);
    QSignalSpy cancelled(w->worker(), &InferenceWorker::modelCancelled);
    QSignalSpy loaded(w->worker(), &InferenceWorker::modelLoaded);
    w->requestModel(big);
    QVERIFY(action->isEnabled());
    QVERIFY(stale(w->modelPanel()));
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), kWaitMs);  // the worker is loading it now
    QVERIFY(settle(*w, [&] { action->trigger(); }));  // what Esc and the Cancel button do
    QVERIFY2(cancelled.count() == 1 && loaded.count() == 0,
             qPrintable(QStringLiteral("cancelled %1 times, loaded %2 times")
                            .arg(cancelled.count())
                            .arg(loaded.count())));
    QVERIFY(!stale(w->modelPanel()) && !stale(w->predictions()));
    QVERIFY(!action->isEnabled());
    QVERIFY(!w->findChild<QPushButton*>(QStringLiteral("cancelLoadButton"))->isVisible());
    QVERIFY(w->loadedModel()->config == tiny);
    // The controls show what is loaded again.
    QCOMPARE(w->modelPanel()->request().config.blockConfig, tiny.blockConfig);
    QCOMPARE(w->modelPanel()->request().config.growthRate, tiny.growthRate);

    // The previous model still answers.
    const quint64 forwards = w->worker()->forwardCount();
    QVERIFY(settle(*w, [&] { w->openImage(fixture(QStringLiteral("resized.png"))); }));
    QCOMPARE(w->worker()->forwardCount(), forwards + 1);
    QVERIFY(!w->predictions()->labels().isEmpty());
    QVERIFY(w->imageView()->source().endsWith(QStringLiteral("resized.png")));
}

// Closing the window while a model loads stops the load instead of waiting for it (before, the
// window froze until the load had finished: the load then completed and reported modelLoaded).
void TestPipeline::closingDuringLoadStopsIt() {
    auto w = started(tinyOptions());
    const ModelRequest big = slowToPrepare();
    QSignalSpy started(w->worker(), &InferenceWorker::started);
    QSignalSpy cancelled(w->worker(), &InferenceWorker::modelCancelled);
    QSignalSpy loaded(w->worker(), &InferenceWorker::modelLoaded);
    w->requestModel(big);
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), kWaitMs);
    w.reset();
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(cancelled.count(), 1);
}

QTEST_MAIN(TestPipeline)
#include "tst_pipeline.moc"
