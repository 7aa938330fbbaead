// The main window's view modes (ui/window/view_mode_controller.h) on their own, without a
// MainWindow: entering and leaving a maximised dock restores the layout exactly (also nested,
// and with the status bar and tool bar as they were), and a dock added later maximises too.
// (The full-screen view for a class is lesson mode: tst_lesson_workbench.) Split from
// tst_window_controllers, whose other controllers need none of this dock arrangement.
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

QDockWidget* addDock(QMainWindow& window, const QString& name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(name, &window);
    dock->setObjectName(name);
    auto* label = new QLabel(name);
    label->setMinimumSize(60, 40);
    dock->setWidget(label);
    window.addDockWidget(area, dock);
    return dock;
}
// The real window's arrangement (main_window_layout.cpp), with plain labels as panels.
struct DockWindow {
    QMainWindow window;
    QHash<QString, QDockWidget*> docks;
    QToolBar* bar = nullptr;

    DockWindow() {
        window.setDockNestingEnabled(true);
        window.setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
        window.setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
        window.setCentralWidget(nullptr);
        for (const char* name : {"modelDock", "networkDock", "explanationDock"})
            docks[name] = addDock(window, name, Qt::LeftDockWidgetArea);
        for (const char* name : {"imageDock", "predictionsDock"})
            docks[name] = addDock(window, name, Qt::TopDockWidgetArea);
        for (const char* name : {"featureMapsDock", "growthDock", "layerTableDock", "camDock"})
            docks[name] = addDock(window, name, Qt::BottomDockWidgetArea);
        window.splitDockWidget(docks["modelDock"], docks["networkDock"], Qt::Vertical);
        window.splitDockWidget(docks["networkDock"], docks["explanationDock"], Qt::Vertical);
        window.splitDockWidget(docks["imageDock"], docks["predictionsDock"], Qt::Horizontal);
        window.splitDockWidget(docks["featureMapsDock"], docks["growthDock"], Qt::Horizontal);
        window.tabifyDockWidget(docks["growthDock"], docks["layerTableDock"]);
        docks["camDock"]->setProperty(kAnalysisDockProperty, true);
        window.tabifyDockWidget(docks["featureMapsDock"], docks["camDock"]);
        docks["featureMapsDock"]->raise();
        docks["growthDock"]->raise();
        bar = window.addToolBar(QStringLiteral("tools"));
        bar->setObjectName(QStringLiteral("toolsBar"));
        bar->addAction(QStringLiteral("a"));
        window.statusBar()->showMessage(QStringLiteral("status"));
        window.resize(1100, 760);
        window.show();
    }

    QStringList visibleDocks() const {
        QStringList names;
        for (QDockWidget* dock : docks)
            if (dock->isVisible() && !dock->visibleRegion().isEmpty()) names << dock->objectName();
        names.sort();
        return names;
    }
    QHash<QString, QRect> geometries() const {
        QHash<QString, QRect> out;
        for (QDockWidget* dock : docks)  // the front tabs: the others' geometry means nothing
            if (dock->isVisible() && !dock->visibleRegion().isEmpty())
                out.insert(dock->objectName(), dock->geometry());
        return out;
    }
};

bool near(const QRect& a, const QRect& b, int slack) {
    return std::abs(a.left() - b.left()) <= slack && std::abs(a.top() - b.top()) <= slack &&
           std::abs(a.width() - b.width()) <= slack && std::abs(a.height() - b.height()) <= slack;
}

void doubleClickTitle(QDockWidget* dock) {
    QTest::mouseDClick(dock, Qt::LeftButton, {}, QPoint(dock->width() / 2, 4));
}
}  // namespace

class TestViewModes : public QObject {
    Q_OBJECT

private slots:
    // --- ViewModeController -------------------------------------------------------------
    void maximisedDockRestoresTheLayout() {
        DockWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        double scale = 1.0;
        ViewModeController modes(&w.window, nullptr,
                                 {[&scale] { return scale; }, [&scale](double s) { scale = s; }});
        QTest::qWait(50);
        const QStringList visible = w.visibleDocks();
        const auto geometries = w.geometries();
        const QRect geometry = w.window.geometry();
        QVERIFY(!modes.leaveAction()->isEnabled());  // Esc free until a mode is on
        QVERIFY(visible.contains(QStringLiteral("growthDock")));

        modes.maximizeDock(w.docks["imageDock"]);
        QVERIFY(modes.isActive());
        QCOMPARE(modes.depth(), 1);
        QVERIFY(modes.leaveAction()->isEnabled());
        QCOMPARE(w.visibleDocks(), QStringList{QStringLiteral("imageDock")});
        // No presentation mode any more: F11 is lesson mode's (lesson_controller.h).
        QVERIFY(!w.window.findChild<QAction*>(QStringLiteral("actionPresentation")));

        // While a model loads, Esc cancels the load first: one Esc action at a time.
        modes.setEscapeTaken(true);
        QVERIFY(!modes.leaveAction()->isEnabled());
        modes.setEscapeTaken(false);
        QVERIFY(modes.leaveAction()->isEnabled());

        modes.leaveAction()->trigger();
        QTest::qWait(ViewModeController::kSettleMs + 100);
        QVERIFY(!modes.isActive());
        QCOMPARE(modes.depth(), 0);
        QVERIFY(!modes.leaveAction()->isEnabled());
        QCOMPARE(scale, 1.0);
        QVERIFY(w.window.statusBar()->isVisible());
        QVERIFY(w.bar->isVisible());
        QCOMPARE(w.window.geometry(), geometry);
        QCOMPARE(w.visibleDocks(), visible);  // the same front tabs too
        const auto after = w.geometries();
        for (auto it = geometries.begin(); it != geometries.end(); ++it)
            QVERIFY2(near(after.value(it.key()), it.value(), 6), qPrintable(it.key()));
    }

    void maximisedDockNestsAndRestores() {
        DockWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        double scale = 1.2;
        ViewModeController modes(&w.window, nullptr,
                                 {[&scale] { return scale; }, [&scale](double s) { scale = s; }});
        QTest::qWait(50);
        const QStringList visible = w.visibleDocks();
        const auto geometries = w.geometries();

        QDockWidget* growth = w.docks["growthDock"];
        doubleClickTitle(growth);  // the title bar maximises the dock
        QCOMPARE(modes.maximizedDock(), growth);
        QCOMPARE(w.visibleDocks(), QStringList{QStringLiteral("growthDock")});
        QCOMPARE(scale, 1.2);  // no zoom change for a maximised dock

        // Another dock maximised on top of it, then Esc twice: back through both.
        modes.maximizeDock(w.docks["imageDock"]);
        QCOMPARE(modes.depth(), 2);
        QCOMPARE(modes.maximizedDock(), w.docks["imageDock"]);
        modes.leaveViewMode();
        QCOMPARE(modes.maximizedDock(), growth);
        QCOMPARE(scale, 1.2);
        modes.leaveAllViewModes();
        QTest::qWait(ViewModeController::kSettleMs + 100);
        QCOMPARE(modes.depth(), 0);
        QVERIFY(!modes.maximizedDock());
        QCOMPARE(w.visibleDocks(), visible);
        const auto after = w.geometries();
        for (auto it = geometries.begin(); it != geometries.end(); ++it)
            QVERIFY2(near(after.value(it.key()), it.value(), 6), qPrintable(it.key()));

        // A double-click inside the panel is the panel's own; on the title again it leaves.
        QDockWidget* image = w.docks["imageDock"];
        QTest::mouseDClick(image, Qt::LeftButton, {}, image->rect().center() + QPoint(0, 10));
        QVERIFY(!modes.maximizedDock());
        doubleClickTitle(image);
        QCOMPARE(modes.maximizedDock(), image);
        doubleClickTitle(image);
        QVERIFY(!modes.maximizedDock());
    }

    void dockAddedLaterMaximises() {
        DockWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        double scale = 1.0;
        ViewModeController modes(&w.window, nullptr,
                                 {[&scale] { return scale; }, [&scale](double s) { scale = s; }});
        QDockWidget* late = addDock(w.window, QStringLiteral("lateDock"), Qt::RightDockWidgetArea);
        QTRY_VERIFY(late->isVisible() && late->widget()->geometry().top() > 4);
        doubleClickTitle(late);
        QCOMPARE(modes.maximizedDock(), late);
        QVERIFY(!w.docks["imageDock"]->isVisible());
    }
};

QTEST_MAIN(TestViewModes)
#include "tst_view_modes.moc"
