// The window on classroom screens: it fits 1280 x 720 without overlapping panels, zoom reaches
// every text (chart fonts, the banner, combo boxes, tooltips) and squashes nothing at its
// largest, a maximised dock comes back with Esc (lesson mode, F11: tst_lesson_workbench).
// The charts themselves are tst_charts.
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <qcustomplot.h>

#include <memory>

#include "feature_map_panel.h"
#include "growth_chart.h"
#include "i18n.h"
#include "main_window.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

namespace {

// densenet121 with seeded random weights: the real layer names and widths, and the
// untrained-weights banner.
WindowOptions classroomOptions() {
    WindowOptions o = tinyOptions();
    o.config = ds::DenseNetConfig::variant("densenet121");
    o.weights = QStringLiteral("random:0");
    o.useSettings = false;
    return o;
}

QDockWidget* dock(QWidget& w, const char* name) {
    return w.findChild<QDockWidget*>(QLatin1String(name));
}

QRect inWindow(QWidget* widget, QWidget* window) {
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

QList<QDockWidget*> visibleDocks(QWidget& w) {
    QList<QDockWidget*> out;
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
        if (d->isVisible() && !d->visibleRegion().isEmpty()) out << d;  // not a hidden tab
    return out;
}

// Every font a zoom must reach, as point sizes, in a fixed order.
QList<double> zoomedFonts(MainWindow& w) {
    auto* growth = w.findChild<GrowthChart*>(QStringLiteral("growthChart"));
    QList<double> out;
    for (QCustomPlot* plot : {growth->plot(), growth->costPlot(), w.predictions()->plot()}) {
        out << plot->xAxis->tickLabelFont().pointSizeF() << plot->xAxis->labelFont().pointSizeF()
            << plot->yAxis->tickLabelFont().pointSizeF() << plot->legend->font().pointSizeF();
        for (int i = 0; i < plot->itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
                out << text->font().pointSizeF();
    }
    out << w.findChild<QLabel*>(QStringLiteral("predictionsNotice"))->font().pointSizeF()
        << w.findChild<QComboBox*>(QStringLiteral("layerCombo"))->font().pointSizeF()
        << w.findChild<QComboBox*>(QStringLiteral("comparisonCombo"))->font().pointSizeF()
        << w.findChild<QComboBox*>(QStringLiteral("variantCombo"))->font().pointSizeF()
        << QToolTip::font().pointSizeF();
    return out;
}

// The visible docks and where they are.
QMap<QString, QRect> dockLayout(QWidget& w) {
    QMap<QString, QRect> out;
    for (QDockWidget* d : visibleDocks(w)) out[d->objectName()] = d->geometry();
    return out;
}

// The same docks in the same places, give or take Qt's dock-layout rounding after a
// restoreState(): at most one separator width (seen: the left column 6 px wider).
bool sameLayout(const QMap<QString, QRect>& a, const QMap<QString, QRect>& b) {
    if (a.keys() != b.keys()) {
        qWarning() << a.keys() << "became" << b.keys();
        return false;
    }
    constexpr int kSlack = 7;
    for (auto it = a.begin(); it != a.end(); ++it) {
        const QRect r = b.value(it.key());
        const QRect d(r.topLeft() - it.value().topLeft(),
                      QSize(r.width() - it.value().width(), r.height() - it.value().height()));
        if (std::abs(d.x()) > kSlack || std::abs(d.y()) > kSlack || std::abs(d.width()) > kSlack ||
            std::abs(d.height()) > kSlack) {
            qWarning() << it.key() << it.value() << "became" << r;
            return false;
        }
    }
    return true;
}

// A window opened at `size` (as --size does), shown and with its model and image loaded.
std::unique_ptr<MainWindow> startedAt(QSize size) {
    auto w = std::make_unique<MainWindow>(classroomOptions());
    w->resize(size);
    w->show();
    [&] {
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(settle(*w, [&] { w->start(); }));
    }();
    return w;
}

// The controls and texts a person reads, each at least as tall as it needs: a word-wrapped
// label its wrapped height at its width, anything else its minimum size hint. Panels scroll
// instead of squashing them. Returns the ones that are squashed, with their sizes.
QStringList squashed(QWidget& window) {
    QStringList out;
    const auto check = [&](QWidget* widget, int need) {
        if (widget->isVisible() && widget->height() < need)
            out << QStringLiteral("%1 '%2' %3 < %4")
                       .arg(QString::fromLatin1(widget->metaObject()->className()),
                            widget->objectName())
                       .arg(widget->height())
                       .arg(need);
    };
    for (QLabel* label : window.findChildren<QLabel*>())
        check(label, label->wordWrap() ? label->heightForWidth(label->width())
                                       : label->minimumSizeHint().height());
    for (QComboBox* combo : window.findChildren<QComboBox*>())
        check(combo, combo->minimumSizeHint().height());
    for (QAbstractSpinBox* spin : window.findChildren<QAbstractSpinBox*>())
        check(spin, spin->minimumSizeHint().height());
    for (QAbstractButton* button : window.findChildren<QAbstractButton*>())
        if (!button->objectName().startsWith(QLatin1String("qt_")))  // dock title icons: Qt's
            check(button, button->minimumSizeHint().height());
    return out;
}

// Visible status bar labels that share pixels.
QStringList overlappingStatusLabels(MainWindow& w) {
    QStringList out;
    QList<QLabel*> labels;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>())
        if (l->isVisible() && !l->text().isEmpty()) labels << l;
    for (int i = 0; i < labels.size(); ++i)
        for (int j = i + 1; j < labels.size(); ++j)
            if (labels[i]->geometry().intersects(labels[j]->geometry()))
                out << labels[i]->objectName() + " / " + labels[j]->objectName();
    return out;
}

void trigger(QWidget& w, const char* action) {
    w.findChild<QAction*>(QLatin1String(action))->trigger();
    QApplication::processEvents();
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fitsClassroomScreens_data();
    void fitsClassroomScreens();
    void zoomReachesEveryText();
    void largestZoomSquashesNothing_data();
    void largestZoomSquashesNothing();
    void topKRowInsidePredictionsDock_data();
    void topKRowInsidePredictionsDock();
    void dockTitleDoubleClickMaximises();
    void windowTitleNamesTheAppOnce();

private:
    QTemporaryDir m_tmp;
};

void TestLayout::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    QVERIFY(m_tmp.isValid());
    isolateFrom(m_tmp);
}

void TestLayout::fitsClassroomScreens_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestLayout::fitsClassroomScreens() {
    QFETCH(QSize, size);
    auto w = started(classroomOptions());
    QVERIFY(w);

    w->resize(size);
    QTRY_COMPARE(w->size(), size);
    QTest::qWait(200);  // the docks settle in a few queued layout passes
    // Nothing asks for more than the smallest classroom screen (the banner's height depends
    // on its width, so this is measured in the laid-out window).
    const QSize least = w->minimumSizeHint().expandedTo(w->minimumSize());
    QVERIFY2(least.width() <= 1280 && least.height() <= 720,
             qPrintable(QStringLiteral("minimum %1x%2").arg(least.width()).arg(least.height())));
    // No two panels overlap, and each has at least the room it asks for (nothing cut).
    const QList<QDockWidget*> docks = visibleDocks(*w);
    QVERIFY(docks.size() >= 6);
    for (QDockWidget* a : docks) {
        const QRect ra = inWindow(a, w.get());
        QVERIFY2(w->rect().contains(ra), qPrintable(a->objectName()));
        const QSize need = a->widget()->minimumSizeHint();
        QVERIFY2(a->widget()->width() >= need.width() && a->widget()->height() >= need.height(),
                 qPrintable(a->objectName()));
        for (QDockWidget* b : docks)
            if (a != b && !w->tabifiedDockWidgets(a).contains(b))
                QVERIFY2(!ra.intersects(inWindow(b, w.get())),
                         qPrintable(a->objectName() + " overlaps " + b->objectName()));
    }
    auto* growth = w->findChild<GrowthChart*>(QStringLiteral("growthChart"));
    QVERIFY(!inWindow(growth, w.get()).intersects(inWindow(w->featureMaps(), w.get())));
    // The feature maps get the room a big screen adds; the model column stays a column.
    QVERIFY(dock(*w, "featureMapsDock")->width() > dock(*w, "modelDock")->width() * 3 / 2);
    if (size.width() >= 1920) QVERIFY(dock(*w, "modelDock")->width() < size.width() / 4);
}

void TestLayout::zoomReachesEveryText() {
    auto w = startedAt(QSize(1920, 1080));  // room for two steps of zoom
    QVERIFY(w);
    QVERIFY(w->predictions()->findChild<QLabel*>(QStringLiteral("predictionsNotice"))->isVisible());
    const QList<double> normal = zoomedFonts(*w);
    trigger(*w, "actionZoomIn");
    trigger(*w, "actionZoomIn");
    const QList<double> zoomed = zoomedFonts(*w);
    QCOMPARE(zoomed.size(), normal.size());
    for (int i = 0; i < normal.size(); ++i)
        QVERIFY2(
            zoomed[i] > normal[i] * 1.4,
            qPrintable(QStringLiteral("font %1: %2 -> %3").arg(i).arg(normal[i]).arg(zoomed[i])));
    // A combo box shows its whole current text at the new size.
    auto* combo = w->findChild<QComboBox*>(QStringLiteral("layerCombo"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("features.transition1")));
    QApplication::processEvents();
    QVERIFY(combo->width() >= combo->sizeHint().width() ||
            combo->width() >= combo->parentWidget()->width() - 20);
    trigger(*w, "actionZoomReset");
    QCOMPARE(zoomedFonts(*w), normal);
}

void TestLayout::largestZoomSquashesNothing_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("capped");     // the screen has no room for 3x with every panel
    QTest::addColumn<double>("atLeast");  // one zoom step on 720 lines, two on 1080
    QTest::newRow("1280x720") << QSize(1280, 720) << false << 1.5;
    QTest::newRow("1920x1080") << QSize(1920, 1080) << false << 2.0;
}

void TestLayout::largestZoomSquashesNothing() {
    QFETCH(QSize, size);
    QFETCH(bool, capped);
    QFETCH(double, atLeast);
    auto w = startedAt(size);
    QVERIFY(w);
    QTRY_COMPARE(w->size(), size);
    // As far as View → Zoom in goes.
    auto* zoomIn = w->findChild<QAction*>(QStringLiteral("actionZoomIn"));
    const QString normalTip = zoomIn->toolTip();
    for (int step = 0; step < 10 && zoomIn->isEnabled(); ++step) trigger(*w, "actionZoomIn");
    QVERIFY(!zoomIn->isEnabled());
    QVERIFY2(w->scale() >= atLeast, qPrintable(QString::number(w->scale())));
    if (capped) {
        QVERIFY2(w->scale() < 3.0, qPrintable(QString::number(w->scale())));
        // The disabled item says why.
        QVERIFY(zoomIn->toolTip() != normalTip);
        QVERIFY(zoomIn->toolTip().contains(QStringLiteral("largest zoom")));
        w->setScale(3.0);  // as --zoom 3: kept to the limit
        QVERIFY(w->scale() < 3.0);
    }
    QCOMPARE(w->size(), size);
    QTest::qWait(300);  // the docks settle in a few queued layout passes
    const QStringList cut = squashed(*w);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
    const QStringList overprinted = overlappingStatusLabels(*w);
    QVERIFY2(overprinted.isEmpty(), qPrintable(overprinted.join(QStringLiteral("; "))));
    // The growth chart keeps a readable plot (the dock scrolls instead): several lines of
    // text high, with its y ticks and legend apart.
    auto* growth = w->findChild<GrowthChart*>(QStringLiteral("growthChart"));
    QCustomPlot* plot = growth->plot();
    if (plot->isVisible()) {
        const QFontMetrics metrics(growth->font());
        QVERIFY2(plot->height() >= metrics.height() * 12 &&
                     plot->width() >= metrics.averageCharWidth() * 22,
                 qPrintable(QStringLiteral("%1x%2").arg(plot->width()).arg(plot->height())));
        plot->replot();
        QVERIFY(plot->axisRect()->height() >= metrics.height() * 3);
        QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->outerRect()));
    }
    // Zooming out again is always possible, and the limit leaves Zoom in enabled below it.
    trigger(*w, "actionZoomOut");
    QVERIFY(zoomIn->isEnabled());
}

void TestLayout::topKRowInsidePredictionsDock_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("ja") << QStringLiteral("ja");  // the banner wraps to more lines
}

void TestLayout::topKRowInsidePredictionsDock() {
    QFETCH(QString, language);
    QVERIFY(ds::i18n::installTranslations(language));
    const auto restore = qScopeGuard([] { ds::i18n::installTranslations(QStringLiteral("en")); });
    auto w = startedAt(QSize(1920, 1080));
    QVERIFY(w);
    QTest::qWait(300);
    QDockWidget* predictions = dock(*w, "predictionsDock");
    auto* topk = w->predictions()->findChild<QSpinBox*>();
    QVERIFY(topk && topk->isVisible());
    // Entirely in the part of the dock one sees: not below the scroll area's viewport.
    auto* scroll = qobject_cast<QScrollArea*>(predictions->widget());
    QWidget* visible = scroll ? scroll->viewport() : predictions->widget();
    const QRect area(visible->mapTo(predictions, QPoint(0, 0)), visible->size());
    const QRect box(topk->mapTo(predictions, QPoint(0, 0)), topk->size());
    QVERIFY2(area.contains(box), qPrintable(QStringLiteral("%1,%2 %3x%4 in %5,%6 %7x%8")
                                                .arg(box.x())
                                                .arg(box.y())
                                                .arg(box.width())
                                                .arg(box.height())
                                                .arg(area.x())
                                                .arg(area.y())
                                                .arg(area.width())
                                                .arg(area.height())));
}

void TestLayout::dockTitleDoubleClickMaximises() {
    auto w = started(classroomOptions());
    QVERIFY(w);
    w->resize(1280, 720);
    QTRY_COMPARE(w->size(), QSize(1280, 720));
    QTest::qWait(200);
    const QMap<QString, QRect> before = dockLayout(*w);
    QDockWidget* maps = dock(*w, "featureMapsDock");
    const int oldWidth = maps->width();
    const QPoint title(maps->width() / 2, maps->widget()->geometry().top() / 2);
    QTest::mouseDClick(maps, Qt::LeftButton, {}, title);
    QCOMPARE(w->viewModes()->maximizedDock(), maps);
    QCOMPARE(visibleDocks(*w), QList<QDockWidget*>{maps});
    QTRY_VERIFY(maps->width() > oldWidth);
    QVERIFY(!maps->isFloating());  // not Qt's default for a double-click on the title
    QTest::keyClick(w.get(), Qt::Key_Escape);
    QVERIFY(!w->viewModes()->maximizedDock());
    QTest::qWait(200);
    QVERIFY(sameLayout(before, dockLayout(*w)));
    // A second double-click on the title goes back the same way.
    const QMap<QString, QRect> second = dockLayout(*w);
    QTest::mouseDClick(maps, Qt::LeftButton, {}, title);
    QCOMPARE(w->viewModes()->maximizedDock(), maps);
    QTest::mouseDClick(maps, Qt::LeftButton, {}, QPoint(maps->width() / 2, title.y()));
    QVERIFY(!w->viewModes()->maximizedDock());
    QTest::qWait(200);
    QVERIFY(sameLayout(second, dockLayout(*w)));
}

void TestLayout::windowTitleNamesTheAppOnce() {
    auto w = started(classroomOptions());
    QVERIFY(w);
    QCOMPARE(w->windowTitle(), QStringLiteral("densenet121 — DenseScope"));
}

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
