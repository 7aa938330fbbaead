// Drives the real MainWindow under the offscreen platform: a tiny custom DenseNet with
// torchvision reference weights (tests/oracle/make_fixtures.py), errors kept in place,
// rapid switching, settings round-trip, recent files, folders, drops, and the --screenshot CLI.
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QSettings>

#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <cmath>
#include <memory>

#include "densescope/engine.h"
#include "densescope/feature_maps.h"
#include "feature_map_panel.h"
#include "env_guard.h"
#include "densescope/memory_estimate.h"
#include "fixtures.h"
#include "image_io.h"
#include "image_view.h"
#include "densescope/labels.h"
#include "main_window.h"
#include "model_panel.h"
#include "densescope/imagenet_weights.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

class TestUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void windowShowsBeforeModelLoads();
    void defaultWeightsFollowTheHubCache();
    void predictionsMatchTorchvision();
    void mapScalingThroughTheWorker();
    void topkAndLayerSelection();
    void unreadableImageKeepsPrevious();
    void wrongWeightsKeepModel();
    void cudaUnavailableSaysSo();
    void invalidCustomLayoutExplained();
    void rapidSwitchingEndsInFinalState();
    void foldersRecentFilesAndDrops();
    void samplesMenu();
    void paste();
    void settingsRoundTrip();
    void failedLayoutNotSaved();

private:
    std::unique_ptr<MainWindow> started(const WindowOptions& options) {
        auto w = std::make_unique<MainWindow>(options);
        w->show();
        [&] { QVERIFY(settle(*w, [&] { w->start(); })); }();
        return w;
    }
    QTemporaryDir m_tmp;
};

void TestUi::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    QVERIFY(m_tmp.isValid());
    // Settings and the torch hub cache live in the temporary directory: nothing leaks in from
    // (or out to) the user's own files, and the default weights are "random".
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_tmp.filePath(QStringLiteral("settings")));
    qputenv("TORCH_HOME", m_tmp.filePath(QStringLiteral("torch")).toUtf8());
}

void TestUi::windowShowsBeforeModelLoads() {
    // The window is shown before any model exists (how fast is the startup benchmark's job:
    // benchmarks/run_benchmarks.py --startup, not a wall-clock assert on a shared machine).
    MainWindow w(tinyOptions());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.loadedModel());  // nothing loaded before start(): the model loads on the worker
    QVERIFY(settle(w, [&] { w.start(); }));
    QVERIFY(w.loadedModel());
}

void TestUi::defaultWeightsFollowTheHubCache() {
    // Only the file's presence matters for the choice (loading it is core's business).
    QTemporaryDir home;
    QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("hub/checkpoints"))));
    QFile file(home.filePath(QStringLiteral("hub/checkpoints/densenet121-a639ec97.pth")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const fixtures::ScopedEnv env("TORCH_HOME", home.path().toUtf8());
    const auto d121 = ds::DenseNetConfig::variant("densenet121");
    const auto d169 = ds::DenseNetConfig::variant("densenet169");
    QCOMPARE(ds::defaultWeightsSpec(d121), std::string("imagenet"));
    QCOMPARE(ds::defaultWeightsSpec(d169), std::string("random"));
    QString why;
    QVERIFY(ModelPanel::imagenetPath(d169, &why).isEmpty());
    QVERIFY2(why.contains(QStringLiteral("densenet169-b2777c0a.pth")) && why.contains(home.path()),
             qPrintable(why));
    // The panel offers ImageNet only where the file is, and says where to put it otherwise.
    ModelPanel panel;
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("weightsCombo"));
    auto* items = qobject_cast<QStandardItemModel*>(combo->model());
    panel.setRequest({d121, QStringLiteral("imagenet"), ds::DeviceKind::Cpu});
    QVERIFY(items->item(1)->isEnabled());
    panel.setRequest({d169, QStringLiteral("random:0"), ds::DeviceKind::Cpu});
    QVERIFY(!items->item(1)->isEnabled());
    QVERIFY(items->item(1)->toolTip().contains(home.path()));
}

void TestUi::predictionsMatchTorchvision() {
    auto w = started(tinyOptions());
    QVERIFY(w);
    const auto& model = w->loadedModel();
    QVERIFY(model);
    QCOMPARE(model->config, fixtures::config(QStringLiteral("tiny")));
    QVERIFY(!model->randomWeights);
    QVERIFY(
        !w->predictions()->findChild<QLabel*>(QStringLiteral("predictionsNotice"))->isVisible());

    // The chart shows torchvision's softmax top-5 ...
    const QStringList labels = w->predictions()->labels();
    const QVector<double> probs = w->predictions()->probabilities();
    const auto oracle = oracleTop(5);
    QCOMPARE(labels.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(labels[i],
                 QString::fromStdString(ds::imagenetLabels()[size_t(oracle[size_t(i)].first)]));
        QVERIFY2(std::abs(probs[i] - oracle[size_t(i)].second) < 1e-4, qPrintable(labels[i]));
    }
    // ... and exactly what ds::Engine gives for the same image.
    ds::Engine engine(ds::EngineOptions{ds::DeviceKind::Cpu, 2});
    engine.load(fixtures::config(QStringLiteral("tiny")),
                fixtures::path(QStringLiteral("tiny.pth")));
    const auto direct = engine.classify(ds::loadImage(fixture(QStringLiteral("input256.png"))), 5);
    for (int i = 0; i < 5; ++i) QCOMPARE(float(probs[i]), direct.top[size_t(i)].probability);

    // Both images, the default layer's map (k0 + 2k channels at 56 x 56) and the stage times.
    QCOMPARE(w->imageView()->original().size(), QSize(256, 256));
    QCOMPARE(w->imageView()->networkInput().size(), QSize(224, 224));
    const auto map = w->featureMaps()->featureMap();
    QVERIFY(map);
    QCOMPARE(QString::fromStdString(map->layer), QStringLiteral("features.denseblock1"));
    QCOMPARE(map->channels, 16 + 2 * 8);
    QCOMPARE(map->height, 56);
    // The worker delivered the 8-bit planes in the panel's scaling: per channel, and (automatic
    // colormap) symmetric around zero when the map has negative values.
    QCOMPARE(map->bytesScaling, ds::MapScaling::PerChannel);
    QCOMPARE(map->bytesSymmetric, ds::prefersSymmetric(*map));
    QCOMPARE(map->bytes, ds::mapToBytes(*map, ds::MapScaling::PerChannel, map->bytesSymmetric));
    QVERIFY(w->featureMaps()->bytesUpToDate());
    QVERIFY(label(*w, QStringLiteral("timingsLabel"))->text().contains(QStringLiteral("forward")));
    QVERIFY(
        label(*w, QStringLiteral("statusDeviceLabel"))->text().startsWith(QStringLiteral("CPU")));
    QVERIFY(label(*w, QStringLiteral("modelSummaryLabel"))
                ->text()
                .contains(QStringLiteral("parameters")));
}

void TestUi::mapScalingThroughTheWorker() {
    // The scaling control asks the worker, which answers with the same map's bytes in that
    // scaling (no new forward pass: the values are the same).
    auto w = started(tinyOptions());
    const auto before = w->featureMaps()->featureMap();
    QVERIFY(before);
    auto* combo = w->findChild<QComboBox*>(QStringLiteral("scalingCombo"));
    QVERIFY(combo);
    QVERIFY(settle(*w, [&] {
        combo->setCurrentIndex(combo->findData(int(ds::MapScaling::Shared)));
        emit combo->activated(combo->currentIndex());
    }));
    const auto after = w->featureMaps()->featureMap();
    QCOMPARE(after->bytesScaling, ds::MapScaling::Shared);
    QVERIFY(after->data == before->data);
    QCOMPARE(after->bytes, ds::mapToBytes(*after, ds::MapScaling::Shared, after->bytesSymmetric));
    QVERIFY(w->featureMaps()->bytesUpToDate());
}

void TestUi::topkAndLayerSelection() {
    auto w = started(tinyOptions());
    auto* spin = w->findChild<QSpinBox*>(QStringLiteral("topkSpin"));
    QVERIFY(spin);
    QVERIFY(settle(*w, [&] { spin->setValue(3); }));
    QCOMPARE(w->predictions()->labels().size(), 3);
    QCOMPARE(w->predictions()->labels().front(),
             QString::fromStdString(ds::imagenetLabels()[size_t(oracleTop(1)[0].first)]));

    // Picking a layer in the tree selects it everywhere and shows its map.
    auto* tree = w->findChild<NetworkTree*>(QStringLiteral("networkTree"));
    QVERIFY(tree);
    QVERIFY(settle(*w, [&] { emit tree->layerSelected(QStringLiteral("features.transition1")); }));
    QCOMPARE(w->currentLayer(), QStringLiteral("features.transition1"));
    QCOMPARE(tree->selectedLayer(), QStringLiteral("features.transition1"));
    const auto map = w->featureMaps()->featureMap();
    QCOMPARE(QString::fromStdString(map->layer), QStringLiteral("features.transition1"));
    QCOMPARE(map->channels, (16 + 2 * 8) / 2);
    QCOMPARE(map->height, 28);
    QCOMPARE(w->predictions()->labels().size(), 3);  // a new layer keeps k
}

void TestUi::unreadableImageKeepsPrevious() {
    auto w = started(tinyOptions());
    const QStringList before = w->predictions()->labels();
    const QImage original = w->imageView()->original();
    const QString bad = m_tmp.filePath(QStringLiteral("broken.png"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a PNG");
    f.close();
    QSignalSpy errors(w.get(), &MainWindow::errorShown);
    QVERIFY(settle(*w, [&] { w->openImage(bad); }));
    QCOMPARE(errors.count(), 1);
    auto* error = label(*w, QStringLiteral("imageErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("broken.png")), qPrintable(error->text()));
    QCOMPARE(w->imageView()->original(), original);
    QCOMPARE(w->predictions()->labels(), before);
    // The previous image is still usable: a new layer is computed for it, the error stays.
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.pool0")); }));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.pool0"));
    QCOMPARE(w->predictions()->labels(), before);
    // A good image clears the error.
    QVERIFY(settle(*w, [&] { w->openImage(fixture(QStringLiteral("resized.png"))); }));
    QVERIFY(!error->isVisible());
}

void TestUi::wrongWeightsKeepModel() {
    auto w = started(tinyOptions());
    const QStringList before = w->predictions()->labels();
    // The tiny weights do not fit a layout with another growth rate: shapes differ.
    auto config = fixtures::config(QStringLiteral("tiny"));
    config.growthRate = 12;
    QVERIFY(settle(*w, [&] {
        w->requestModel({config, fixture(QStringLiteral("tiny.pth")), ds::DeviceKind::Cpu});
    }));
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("Still using")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    // A file that is no weights at all, dropped on the window.
    const QString junk = m_tmp.filePath(QStringLiteral("junk.pth"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(1000, 'x'));
    f.close();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(junk)});
    QVERIFY(settle(*w, [&] { QVERIFY(dropOn(*w, mime)); }));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("junk.pth")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->predictions()->labels(), before);
    // The model still runs.
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.norm5")); }));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.norm5"));
}

void TestUi::cudaUnavailableSaysSo() {
    if (ds::Engine::cudaAvailable()) QSKIP("this machine has CUDA");
    auto w = started(tinyOptions());
    auto request = tinyRequest(fixture(QStringLiteral("tiny.pth")));
    request.device = ds::DeviceKind::Cuda;
    QVERIFY(settle(*w, [&] { w->requestModel(request); }));
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("CUDA")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->deviceName, QStringLiteral("cpu"));
    QCOMPARE(w->predictions()->labels().size(), 5);
}

void TestUi::invalidCustomLayoutExplained() {
    auto w = started(tinyOptions());
    const quint64 requests = w->worker()->lastRequestId();
    auto* blocks = w->findChild<QLineEdit*>(QStringLiteral("blocksEdit"));
    QVERIFY(blocks);
    QVERIFY(w->modelPanel()->findChild<QWidget*>(QStringLiteral("customGroup"))->isVisible());
    blocks->setText(QStringLiteral("2,x,2"));
    emit blocks->textEdited(blocks->text());
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("'x'")), qPrintable(error->text()));
    QTest::qWait(800);  // past the panel's debounce: nothing is sent for an invalid layout
    QCOMPARE(w->worker()->lastRequestId(), requests);
    auto* growth = w->findChild<QSpinBox*>(QStringLiteral("growthRateSpin"));
    blocks->setText(QStringLiteral("2,3,2"));
    emit blocks->textEdited(blocks->text());
    growth->setValue(5000);
    QTRY_VERIFY(error->text().contains(QStringLiteral("Growth rate")));
}

void TestUi::rapidSwitchingEndsInFinalState() {
    auto w = started(tinyOptions());
    auto other = fixtures::config(QStringLiteral("tiny"));
    other.growthRate = 4;
    other.blockConfig = {1, 2};
    QVERIFY(settle(*w, [&] {
        for (int i = 0; i < 25; ++i) {
            w->requestModel({i % 2 ? other : fixtures::config(QStringLiteral("tiny")),
                             QStringLiteral("random:%1").arg(i), ds::DeviceKind::Cpu});
            w->openImage(
                fixture(i % 2 ? QStringLiteral("resized.png") : QStringLiteral("input256.png")));
            w->selectLayer(i % 3 ? QStringLiteral("features.pool0")
                                 : QStringLiteral("features.denseblock2"));
            QCoreApplication::processEvents();  // let some results arrive in between
        }
        w->requestModel(tinyRequest(fixture(QStringLiteral("tiny.pth"))));
        w->openImage(fixture(QStringLiteral("input256.png")));
        w->selectLayer(QStringLiteral("features.denseblock1"));
    }));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QVERIFY(!w->loadedModel()->randomWeights);
    QCOMPARE(w->imageView()->source(), fixture(QStringLiteral("input256.png")));
    QCOMPARE(w->imageView()->original().size(), QSize(256, 256));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.denseblock1"));
    const auto oracle = oracleTop(5);
    QCOMPARE(w->predictions()->labels().front(),
             QString::fromStdString(ds::imagenetLabels()[size_t(oracle[0].first)]));
    QVERIFY(std::abs(w->predictions()->probabilities().front() - oracle[0].second) < 1e-4);
}

void TestUi::foldersRecentFilesAndDrops() {
    QTemporaryDir dir;
    const QImage image(fixture(QStringLiteral("input256.png")));
    for (const char* name : {"a1.png", "a2.png", "a10.png"})
        QVERIFY(image.save(dir.filePath(name)));
    QFile::copy(fixture(QStringLiteral("tiny.pth")), dir.filePath(QStringLiteral("notes.pth")));
    auto w = started(tinyOptions());
    QVERIFY(settle(*w, [&] { QVERIFY(w->openFolder(dir.path())); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a1.png")));
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a2.png")));  // natural order
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a10.png")));
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));  // wraps around
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a1.png")));
    const QStringList recent = w->recentFiles();
    QCOMPARE(recent.mid(0, 3), (QStringList{dir.filePath("a1.png"), dir.filePath("a10.png"),
                                            dir.filePath("a2.png")}));
    QCOMPARE(recent.count(dir.filePath(QStringLiteral("a1.png"))), 1);

    // Dropping a weights file loads it; dropping an image shows it.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("notes.pth"))),
                  QUrl::fromLocalFile(fixture(QStringLiteral("resized.png")))});
    QVERIFY(settle(*w, [&] { QVERIFY(dropOn(*w, mime)); }));
    QCOMPARE(w->loadedModel()->weightsSpec, dir.filePath(QStringLiteral("notes.pth")));
    QCOMPARE(w->imageView()->source(), fixture(QStringLiteral("resized.png")));
    QVERIFY(!label(*w, QStringLiteral("modelErrorLabel"))->isVisible());
}

void TestUi::samplesMenu() {
    // Every built-in sample opens from the Samples menu.
    auto w = started(tinyOptions());
    auto* samples = w->findChild<QMenu*>(QStringLiteral("samplesMenu"));
    QVERIFY(samples);
    QCOMPARE(samples->actions().size(), 4);
    for (QAction* a : samples->actions()) {
        QVERIFY(settle(*w, [&] { a->trigger(); }));
        QCOMPARE(w->imageView()->source(), a->data().toString());
        QVERIFY(!w->imageView()->original().isNull());
        QVERIFY(!label(*w, QStringLiteral("imageErrorLabel"))->isVisible());
    }
    QVERIFY(!w->recentFiles().contains(QStringLiteral(":/samples/chelsea.png")));  // files only
}

void TestUi::paste() {
    auto w = started(tinyOptions());
    QClipboard* clipboard = QGuiApplication::clipboard();
    const QImage image(fixture(QStringLiteral("resized.png")));
    clipboard->setImage(image);
    if (clipboard->image().isNull()) QSKIP("this platform has no clipboard");
    QVERIFY(settle(*w, [&] { w->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger(); }));
    QCOMPARE(w->imageView()->source(), QStringLiteral("clipboard"));
    QCOMPARE(w->imageView()->original().size(), image.size());
    QCOMPARE(w->predictions()->labels().size(), 5);
}

void TestUi::settingsRoundTrip() {
    QTemporaryDir dir;
    const QString photo = dir.filePath(QStringLiteral("photo.png"));
    QVERIFY(QImage(fixture(QStringLiteral("input256.png"))).save(photo));
    auto options = tinyOptions();
    options.weights = QStringLiteral("random:7");
    {
        auto w = started(options);
        QVERIFY(settle(*w, [&] { w->openImage(photo); }));
        w->setScale(1.5625);
        w->findChild<QDockWidget*>(QStringLiteral("growthDock"))->hide();
        w->close();  // saves
    }
    WindowOptions plain;  // no model arguments: the last session's choice comes back
    plain.image = fixture(QStringLiteral("input256.png"));
    auto w = started(plain);
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->loadedModel()->weightsSpec, QStringLiteral("random:7"));
    QCOMPARE(w->modelPanel()->request().weights, QStringLiteral("random:7"));
    QCOMPARE(w->recentFiles().value(1), photo);  // input256.png came after it
    QCOMPARE(w->scale(), 1.5625);
    QVERIFY(!w->findChild<QDockWidget*>(QStringLiteral("growthDock"))->isVisible());
    QVERIFY(w->findChild<QDockWidget*>(QStringLiteral("predictionsDock"))->isVisible());
    QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                     QStringLiteral("densescope"));
    QVERIFY2(stored.fileName().startsWith(m_tmp.path()), qPrintable(stored.fileName()));
    QCOMPARE(stored.value(QStringLiteral("images/folder")).toString(), dir.path());
    QCOMPARE(stored.value(QStringLiteral("model/blocks")).toString(), QStringLiteral("2,3,2"));
}

// A layout that needs more memory than the machine has is refused in the model panel, with
// the estimate, and is not saved as the model to restore (it would fail again at every start).
void TestUi::failedLayoutNotSaved() {
    {
        QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                         QStringLiteral("densescope"));
        stored.clear();  // a first run: no model saved yet
    }
    ds::DenseNetConfig huge;  // densenet121 with 1000 layers per block: 20.6 G parameters
    huge.name = "custom";
    huge.blockConfig = {1000, 1000, 1000, 1000};
    if (ds::availableMemoryBytes() > ds::estimateMemory(huge).total())
        QSKIP("this machine has the memory for the huge layout");
    auto options = tinyOptions();
    options.config = huge;
    options.weights = QStringLiteral("random");
    options.useSettings = true;
    {
        auto w = started(options);
        QVERIFY(!w->loadedModel());
        QLabel* error = label(*w, QStringLiteral("modelErrorLabel"));
        QVERIFY(error);
        QVERIFY2(error->text().contains(QStringLiteral("needs about")), qPrintable(error->text()));
        w->close();  // saves the settings
    }
    QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                     QStringLiteral("densescope"));
    QVERIFY2(
        !stored.value(QStringLiteral("model/blocks")).toString().contains(QStringLiteral("1000")),
        qPrintable(stored.value(QStringLiteral("model/blocks")).toString()));
}

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
