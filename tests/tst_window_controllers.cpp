// The main window's controllers (ui/window/*_controller.h, analysis_router.h), each on its
// own, without a MainWindow: the images (browse list, recent files, dropped files), live
// mode's start/stop/freeze state and its actions, the Weights menu for an ImageNet file
// present or missing, the analysis panels' routing, and Teach's window side (head notice,
// start-up requests and their problems).
// The view modes (a maximised dock) are in tst_view_modes.
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QPointer>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <memory>
#include <utility>

#include "analysis_panel.h"
#include "analysis_router.h"
#include "app_settings.h"
#include "densescope/imagenet_weights.h"
#include "feature_map_panel.h"
#include "frame_source.h"
#include "growth_chart.h"
#include "image_controller.h"
#include "image_view.h"
#include "live_controller.h"
#include "live_feed.h"
#include "model_panel.h"
#include "predictions_chart.h"
#include "push_source.h"
#include "status_panel.h"
#include "teach_controller.h"
#include "teach_panel.h"
#include "view_mode_controller.h"
#include "weights_controller.h"

using namespace ds::ui;

namespace {

// A camera stand-in that never sends a frame: only its state matters here.
class StubSource : public uitest::PushSource {
public:
    StubSource() : PushSource(false, QStringLiteral("stub camera")) {}
};

// Records what the router tells it.
class RecordingPanel : public AnalysisPanel {
    Q_OBJECT
public:
    QStringList calls;
    void modelChanged(const ModelInfo& info) override {
        calls << QStringLiteral("model %1").arg(QString::fromStdString(info.config.name));
    }
    void viewChanged(const ViewResult& view) override {
        calls << QStringLiteral("view %1").arg(view.id);
    }
    void layerChanged(const QString& layer) override { calls << QStringLiteral("layer ") + layer; }
    void channelChanged(int channel) override { calls << QStringLiteral("channel %1").arg(channel); }
    void classClicked(int index) override { calls << QStringLiteral("class %1").arg(index); }
};

QDockWidget* addDock(QMainWindow& window, const QString& name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(name, &window);
    dock->setObjectName(name);
    auto* label = new QLabel(name);
    label->setMinimumSize(60, 40);
    dock->setWidget(label);
    window.addDockWidget(area, dock);
    return dock;
}

// What each LiveController test starts from: a window with an image view and a status bar,
// the settings, a worker, and the controller over them (destroyed in the reverse order).
struct LiveRig {
    explicit LiveRig(AppSettings initial = {}) : settings(std::move(initial)) {}

    QMainWindow window;
    ImageView* image = centralImageView(window);
    StatusPanel status{window.statusBar()};
    AppSettings settings;
    InferenceWorker worker;
    LiveController live{&window, &worker, image, &status, settings};

private:
    static ImageView* centralImageView(QMainWindow& w) {
        auto* view = new ImageView;
        w.setCentralWidget(view);
        return view;
    }
};

}  // namespace

class TestWindowControllers : public QObject {
    Q_OBJECT

private slots:
    // --- ImageController ----------------------------------------------------------------
    void imagesBrowseAndRemember() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QImage pixel(4, 4, QImage::Format_RGB32);
        pixel.fill(Qt::red);
        for (const char* name : {"a.png", "b.png"}) QVERIFY(pixel.save(tmp.filePath(name)));
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("empty"))));
        QWidget window;
        auto* image = new ImageView(&window);
        AppSettings settings;
        ImageController images(&window, image, settings);
        QSignalSpy files(&images, &ImageController::fileRequested);
        QSignalSpy messages(&images, &ImageController::statusMessage);
        QSignalSpy weights(&images, &ImageController::weightsFileDropped);
        QSignalSpy changed(&images, &ImageController::settingsChanged);

        // Nothing to step through yet: a hint instead of a request.
        images.nextAction()->trigger();
        QCOMPARE(files.size(), 0);
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages.at(0).at(0).toString().contains(QStringLiteral("Ctrl+Shift+O")));

        QVERIFY(images.openFolder(tmp.path()));
        QCOMPARE(files.size(), 1);
        QCOMPARE(QFileInfo(files.at(0).at(0).toString()).fileName(), QStringLiteral("a.png"));
        QCOMPARE(QDir(settings.folder), QDir(tmp.path()));
        QVERIFY(!changed.isEmpty());
        images.nextAction()->trigger();
        QCOMPARE(QFileInfo(files.last().at(0).toString()).fileName(), QStringLiteral("b.png"));
        QCOMPARE(messages.last().at(0).toString(), QStringLiteral("2 of 2"));
        images.previousAction()->trigger();
        QCOMPARE(QFileInfo(files.last().at(0).toString()).fileName(), QStringLiteral("a.png"));

        // A folder without images is refused; a dropped weights file goes to the window.
        QVERIFY(!images.openFolder(tmp.filePath(QStringLiteral("empty"))));
        QCOMPARE(files.size(), 3);
        images.openDropped({tmp.filePath(QStringLiteral("model.pth"))});
        QCOMPARE(weights.size(), 1);
        QCOMPARE(files.size(), 3);

        // The samples: a menu entry each, and they become the browse list.
        QCOMPARE(images.samplesMenu()->actions().size(), 4);
        images.samplesMenu()->actions().at(1)->trigger();
        QCOMPARE(files.last().at(0).toString(), QStringLiteral(":/samples/coffee.png"));
        QCOMPARE(images.browser().count(), 4);

        // Open recent: newest first, opened from the menu, cleared.
        images.rebuildRecentMenu();
        QCOMPARE(images.recentMenu()->actions().size(), 1);  // "(none yet)"
        QVERIFY(!images.recentMenu()->actions().at(0)->isEnabled());
        images.addRecent(tmp.filePath(QStringLiteral("a.png")));
        images.addRecent(tmp.filePath(QStringLiteral("b.png")));
        QCOMPARE(settings.recentFiles,
                 (QStringList{tmp.filePath(QStringLiteral("b.png")), tmp.filePath(QStringLiteral("a.png"))}));
        const QList<QAction*> recent = images.recentMenu()->actions();
        QCOMPARE(recent.size(), 4);  // two files, a separator, Clear list
        recent.at(1)->trigger();
        QCOMPARE(files.last().at(0).toString(), tmp.filePath(QStringLiteral("a.png")));
        recent.at(3)->trigger();
        QVERIFY(settings.recentFiles.isEmpty());
        QCOMPARE(images.recentMenu()->actions().size(), 1);
    }

    // --- LiveController -----------------------------------------------------------------
    void liveStartStopFreeze() {
        LiveRig rig;
        auto& live = rig.live;
        QSignalSpy running(&live, &LiveController::runningChanged);

        // Nothing chosen yet: Start offered, Freeze greyed out, nothing in the status bar.
        QVERIFY(!live.isLive());
        QVERIFY(!live.runAction()->isChecked());
        QCOMPARE(live.runAction()->text(), QStringLiteral("&Start live input"));
        QVERIFY(!live.freezeAction()->isEnabled());
        QVERIFY(live.statusText().isEmpty());
        QVERIFY(rig.window.actions().contains(live.freezeAction()));  // Space, menus closed
        QCOMPARE(live.menu()->objectName(), QStringLiteral("liveMenu"));
        QVERIFY(live.menu()->actions().contains(live.runAction()));

        auto* source = new StubSource;
        live.setSource(source);
        QCOMPARE(live.source(), source);
        QCOMPARE(source->parent(), &live);  // owned from now on
        QVERIFY(!live.isLive());
        QCOMPARE(live.statusText(), QStringLiteral("Live stopped: stub camera"));

        QVERIFY(source->start());
        QVERIFY(live.isLive());
        QVERIFY(live.feed()->isAttached(source));
        QVERIFY(live.runAction()->isChecked());
        QCOMPARE(live.runAction()->text(), QStringLiteral("&Stop live input"));
        QVERIFY(live.freezeAction()->isEnabled());
        QVERIFY(!running.isEmpty());
        QCOMPARE(running.last().at(0).toBool(), true);
        QVERIFY(live.statusText().startsWith(QStringLiteral("Live: stub camera")));

        live.setFrozen(true);
        QVERIFY(live.isFrozen());
        QVERIFY(source->paused());
        QVERIFY(live.freezeAction()->isChecked());
        QCOMPARE(live.statusText(), QStringLiteral("Frozen: stub camera (Space continues)"));
        live.setFrozen(false);
        QVERIFY(!live.isFrozen());
        QVERIFY(!source->paused());

        // Ctrl+L (the Start/Stop action) stops the same source, and starts it again.
        live.runAction()->trigger();
        QVERIFY(!live.isLive());
        QVERIFY(!live.feed()->isAttached(source));
        QVERIFY(!live.freezeAction()->isEnabled());
        QCOMPARE(running.last().at(0).toBool(), false);
        QCOMPARE(live.statusText(), QStringLiteral("Live stopped: stub camera"));
        live.runAction()->trigger();
        QVERIFY(live.isLive());
        QCOMPARE(live.source(), source);
        QVERIFY(live.feed()->isAttached(source));

        // Stopping unfreezes, and Freeze is greyed out until the source runs again.
        live.setFrozen(true);
        QVERIFY(live.isFrozen());
        live.stop();
        QVERIFY(!live.isFrozen());
        QVERIFY(!live.freezeAction()->isEnabled());
        QVERIFY(!live.freezeAction()->isChecked());
        // Without a source, Freeze only puts its check mark back.
        LiveController empty(&rig.window, &rig.worker, rig.image, &rig.status, rig.settings);
        empty.freezeAction()->setChecked(true);
        empty.setFrozen(true);
        QVERIFY(!empty.isFrozen());
        QVERIFY(!empty.freezeAction()->isChecked());
    }

    void liveSourceFailsAndIsReplaced() {
        LiveRig rig;
        auto& live = rig.live;
        QSignalSpy errors(&live, &LiveController::errorShown);

        auto* first = new StubSource;
        live.setSource(first);
        first->start();
        first->fail(QStringLiteral("the camera went away"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("the camera went away"));
        QCOMPARE(errors.at(0).at(1).toInt(), 15000);
        QVERIFY(!live.isLive());
        QVERIFY(!live.feed()->isAttached(first));

        // A new source replaces the old one, which is stopped and deleted.
        QPointer<StubSource> old = first;
        auto* second = new StubSource;
        live.setSource(second);
        QTRY_VERIFY(old.isNull());
        QCOMPARE(live.source(), second);

        // A video that cannot be played: false, the reason shown, the source kept.
        QVERIFY(!live.openVideo(QStringLiteral("/nonexistent/clip.mp4")));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(1).at(1).toInt(), 10000);
        QVERIFY(!errors.at(1).at(0).toString().isEmpty());
        QCOMPARE(live.source(), second);
    }

    void liveLoopIsRemembered() {
        AppSettings initial;
        initial.loopVideo = false;
        LiveRig rig(initial);
        auto& live = rig.live;
        auto& settings = rig.settings;
        auto* loop = live.menu()->findChild<QAction*>(QStringLiteral("actionLoopVideo"));
        if (!loop) loop = live.findChild<QAction*>(QStringLiteral("actionLoopVideo"));
        QVERIFY(loop);
        QVERIFY(!loop->isChecked());  // from the settings
        QSignalSpy changed(&live, &LiveController::settingsChanged);
        loop->setChecked(true);
        QVERIFY(settings.loopVideo);
        QCOMPARE(changed.size(), 1);
    }

    // --- WeightsController --------------------------------------------------------------
    void weightsMenuFollowsTheFile() {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        qputenv("TORCH_HOME", home.path().toUtf8());
        QWidget window;
        ModelPanel panel;
        WeightsController weights(&window, &panel);
        QCOMPARE(weights.menu()->objectName(), QStringLiteral("weightsMenu"));
        QSignalSpy requested(&weights, &WeightsController::modelRequested);

        ModelRequest random;
        random.config = ds::DenseNetConfig::variant("densenet121");
        random.weights = QStringLiteral("random:0");
        weights.setRequest(random);
        emit weights.menu()->aboutToShow();  // the menu follows when it opens
        QAction* imagenet = weights.imagenetAction();
        QVERIFY(imagenet->isEnabled());
        QVERIFY(!imagenet->isCheckable());
        QVERIFY2(imagenet->text().startsWith(QStringLiteral("Download ImageNet weights (")),
                 qPrintable(imagenet->text()));
        QVERIFY(!weights.labelsAction()->isEnabled());  // Labels… is for a file of one's own
        QVERIFY(weights.labelsAction()->toolTip().contains(QStringLiteral("open one first")));

        // The file appears: ImageNet is a choice, checked when it is the weights in use.
        const QString dir = home.filePath(QStringLiteral("hub/checkpoints"));
        QVERIFY(QDir().mkpath(dir));
        QFile file(dir + QLatin1Char('/') + QString::fromStdString(ds::imagenetFileName("densenet121")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        weights.updateMenu();
        QCOMPARE(imagenet->text(), QStringLiteral("ImageNet"));
        QVERIFY(imagenet->isCheckable());
        QVERIFY(!imagenet->isChecked());
        imagenet->trigger();
        QCOMPARE(requested.size(), 1);
        const auto r = requested.at(0).at(0).value<ModelRequest>();
        QCOMPARE(r.weights, QStringLiteral("imagenet"));
        QVERIFY(r.config == random.config);
        weights.setRequest(random);  // say the model panel went back to random weights
        emit weights.menu()->aboutToShow();
        QVERIFY(!imagenet->isChecked());
        weights.setRequest(r);
        QVERIFY(!imagenet->isChecked());  // not before the menu opens again
        emit weights.menu()->aboutToShow();
        QVERIFY(imagenet->isChecked());

        // A layout of one's own has no ImageNet file; a weights file has labels.
        ModelRequest custom = random;
        custom.config.growthRate = 12;
        custom.weights = QStringLiteral("/somewhere/own.pth");
        weights.setRequest(custom);
        weights.updateMenu();
        QVERIFY(!imagenet->isEnabled());
        QCOMPARE(imagenet->text(), QStringLiteral("ImageNet (none for this model)"));
        QVERIFY(weights.labelsAction()->isEnabled());
        QVERIFY(!weights.labelsAction()->toolTip().contains(QStringLiteral("open one first")));
        QCOMPARE(requested.size(), 1);
        qunsetenv("TORCH_HOME");
    }

    void weightsDownloadOnlyForOfficialVariants() {
        QWidget window;
        ModelPanel panel;
        WeightsController weights(&window, &panel);
        QVERIFY(!weights.openDownload(QStringLiteral("densenet-of-my-own")));
    }

    // --- AnalysisRouter -----------------------------------------------------------------
    void routerTellsEveryPanelAndFollowsTheFront() {
        QMainWindow window;
        auto* maps = new FeatureMapPanel;
        auto* predictions = new PredictionsChart;
        auto* growth = new GrowthChart;
        QDockWidget* mapsDock = addDock(window, QStringLiteral("featureMapsDock"), Qt::BottomDockWidgetArea);
        mapsDock->setWidget(maps);
        addDock(window, QStringLiteral("predictionsDock"), Qt::TopDockWidgetArea)->setWidget(predictions);
        addDock(window, QStringLiteral("growthDock"), Qt::TopDockWidgetArea)->setWidget(growth);
        AnalysisRouter router(nullptr, maps, predictions, growth);
        auto* a = new RecordingPanel;
        auto* b = new RecordingPanel;
        QDockWidget* dockA = addDock(window, QStringLiteral("aDock"), Qt::BottomDockWidgetArea);
        QDockWidget* dockB = addDock(window, QStringLiteral("bDock"), Qt::BottomDockWidgetArea);
        dockA->setWidget(a);
        dockB->setWidget(b);
        window.tabifyDockWidget(mapsDock, dockA);
        window.tabifyDockWidget(mapsDock, dockB);
        router.add(a, dockA);
        router.add(b, dockB);
        QCOMPARE(router.panels(), (QList<AnalysisPanel*>{a, b}));
        QCOMPARE(router.find<RecordingPanel>(), a);
        QVERIFY(!router.find<TeachPanel>());
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Only the tab in front computes: the router knows whether one is.
        mapsDock->raise();
        QTRY_VERIFY(!a->isShown() && !b->isShown());
        QVERIFY(!router.anyInFront());
        dockB->raise();
        QTRY_VERIFY(b->isShown());
        QVERIFY(!a->isShown());
        QVERIFY(router.anyInFront());
        dockA->raise();
        QTRY_VERIFY(a->isShown() && !b->isShown());
        mapsDock->raise();
        QTRY_VERIFY(!router.anyInFront());

        // What the window shows reaches every panel, in order.
        ModelInfo info;
        info.config = ds::DenseNetConfig::variant("densenet121");
        router.showModel(info);
        ViewResult view;
        view.id = 7;
        router.showView(view);
        router.showLayer(QStringLiteral("features.denseblock2"));
        emit maps->channelSelected(3);
        emit predictions->classClicked(281);
        const QStringList expected{QStringLiteral("model densenet121"), QStringLiteral("view 7"),
                                   QStringLiteral("layer features.denseblock2"),
                                   QStringLiteral("channel 3"), QStringLiteral("class 281")};
        QCOMPARE(a->calls, expected);
        QCOMPARE(b->calls, expected);

        // What a panel asks for goes back to the window.
        QSignalSpy layers(&router, &AnalysisRouter::layerRequested);
        QSignalSpy images(&router, &AnalysisRouter::imageRequested);
        emit b->layerRequested(QStringLiteral("features.transition1"));
        emit a->imageRequested(QStringLiteral("/pictures/cat.png"));
        QCOMPARE(layers.size(), 1);
        QCOMPARE(layers.at(0).at(0).toString(), QStringLiteral("features.transition1"));
        QCOMPARE(images.size(), 1);
        QCOMPARE(images.at(0).at(0).toString(), QStringLiteral("/pictures/cat.png"));
    }

    // --- TeachController ----------------------------------------------------------------
    void teachHeadNotice() {
        QMainWindow window;
        auto* panel = new TeachPanel;
        QDockWidget* dock = addDock(window, QStringLiteral("teachDock"), Qt::BottomDockWidgetArea);
        dock->setWidget(panel);
        TeachController teach(panel, dock);
        QSignalSpy changed(&teach, &TeachController::headShownChanged);
        QVERIFY(!teach.headShown());
        QVERIFY(!TeachController::headNotice().isEmpty());
        ViewResult view;
        view.headId = 0;
        teach.viewApplied(view);
        QCOMPARE(changed.size(), 0);
        view.headId = 4;
        teach.viewApplied(view);
        QVERIFY(teach.headShown());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toBool(), true);
        teach.viewApplied(view);  // still a taught head: nothing new
        QCOMPARE(changed.size(), 1);
        view.headId = 0;
        teach.viewApplied(view);
        QVERIFY(!teach.headShown());
        QCOMPARE(changed.size(), 2);
    }

    void teachStartupProblems() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QMainWindow window;
        InferenceWorker worker;
        auto* panel = new TeachPanel;
        panel->setWorker(&worker);
        QDockWidget* maps = addDock(window, QStringLiteral("featureMapsDock"), Qt::BottomDockWidgetArea);
        QDockWidget* dock = addDock(window, QStringLiteral("teachDock"), Qt::BottomDockWidgetArea);
        dock->setWidget(panel);
        window.tabifyDockWidget(maps, dock);
        maps->raise();
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TeachController teach(panel, dock);
        QSignalSpy problems(&teach, &TeachController::startupProblem);

        // --teach-data with a folder that has no classes: nothing happens before the first
        // view; then training is refused, and that is a start-up problem, once.
        teach.trainOnFirstView(tmp.path(), /*raise=*/false);
        QTRY_VERIFY(dock->visibleRegion().isEmpty());  // behind the maps
        teach.modelShown();
        QCOMPARE(problems.size(), 0);
        teach.viewShown();
        QCOMPARE(problems.size(), 1);
        QVERIFY(!problems.at(0).at(0).toString().isEmpty());
        QCOMPARE(problems.at(0).at(0).toString(), panel->message());
        QTRY_VERIFY(!dock->visibleRegion().isEmpty());  // the Teach tab came to the front
        teach.viewShown();
        QCOMPARE(problems.size(), 1);

        // --head with a damaged file: opened once the model is shown, refused, reported once.
        const QString damaged = tmp.filePath(QStringLiteral("damaged.head"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a head");
        file.close();
        teach.openHeadOnModel(damaged);
        teach.viewShown();
        QCOMPARE(problems.size(), 1);
        teach.modelShown();
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.at(1).at(0).toString().contains(QStringLiteral("damaged.head")));
        panel->openHead(damaged);  // later refusals are the person's own
        teach.modelShown();
        QCOMPARE(problems.size(), 2);
    }
};

QTEST_MAIN(TestWindowControllers)
#include "tst_window_controllers.moc"
