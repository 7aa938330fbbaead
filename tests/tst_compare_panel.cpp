// "Compare" in the real window (offscreen, tiny model): nothing is computed until the tab is in
// front; then every CAM method but the two perturbation ones fills its tile, cheapest first,
// each with the same map and metrics as `densescope/compare.h` gives for that method alone;
// Score-CAM and Ablation-CAM wait with a time estimate until clicked; sorting by ROAD orders
// the tiles; a click on a computed tile opens that method in Where it looks; the pixel
// attributions page fills when shown; another layer starts over.
#include <QComboBox>
#include <QTabWidget>

#include "cam_panel.h"
#include "compare_panel.h"
#include "densescope/compare.h"
#include "image_io.h"
#include "ui_test_support.h"

using namespace uitest;
using Entry = ds::ui::ComparePanel::CamEntry;

class TestComparePanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateFrom(m_dir); }
    void compare();

private:
    QTemporaryDir m_dir;
};

namespace {
int countState(const ds::ui::ComparePanel* p, Entry::State state) {
    int n = 0;
    for (const auto& e : p->camEntries()) n += e.state == state;
    return n;
}
}  // namespace

void TestComparePanel::compare() {
    auto w = started(tinyOptions());
    auto* panel = w->findChild<ds::ui::ComparePanel*>(QStringLiteral("comparePanel"));
    QVERIFY(panel);
    w->selectLayer(QStringLiteral("features.denseblock2"));
    QTRY_COMPARE(panel->layer(), QStringLiteral("features.denseblock2"));
    QVERIFY2(!panel->busy() && countState(panel, Entry::Done) == 0, "a hidden panel computes nothing");

    QVERIFY(w->raisePanel(QStringLiteral("compare")));
    // Nine methods run by themselves; the two perturbation ones wait for a click.
    QTRY_VERIFY_WITH_TIMEOUT(countState(panel, Entry::Done) == 9 && !panel->busy(), kWaitMs);
    QCOMPARE(countState(panel, Entry::ClickToStart), 2);
    for (const auto& e : panel->camEntries())
        if (e.state == Entry::ClickToStart) QVERIFY(ds::camMethodIsPerturbation(e.method));

    // The same numbers as the core's comparison for that class.
    ds::Engine engine;
    engine.load(fixtures::config("tiny"), fixtures::path("tiny.pth"));
    const ds::RgbImage image = ds::loadImage(QString::fromStdString(fixtures::path("input256.png")));
    const int cls = panel->comparedClass();
    const auto ref = ds::compareCams(engine, image, "features.denseblock2",
                                     {ds::CamMethod::GradCam, ds::CamMethod::Fem}, cls);
    for (const auto& r : ref.methods)
        for (const auto& e : panel->camEntries())
            if (e.method == r.method) {
                QVERIFY(e.map);
                QCOMPARE(e.map->values, r.map.values);
                QVERIFY(e.metrics);
                QVERIFY(std::abs(e.metrics->roadCombined - r.metrics.roadCombined) < 1e-9);
            }

    // Sorted by ROAD (the default): the computed tiles first, most faithful first.
    const auto order = panel->shownOrder();
    double last = 1e300;
    for (int i = 0; i < 9; ++i)
        for (const auto& e : panel->camEntries())
            if (e.method == order[i]) {
                QVERIFY(e.metrics);
                QVERIFY(e.metrics->roadCombined <= last);
                last = e.metrics->roadCombined;
            }
    panel->setSort(ds::ui::ComparePanel::Sort::Cost);
    const auto cost = panel->shownOrder();
    QCOMPARE(std::vector<ds::CamMethod>(cost.begin(), cost.end()), ds::camMethodsByCost());

    // A click starts Ablation-CAM.
    panel->startMethod(ds::CamMethod::AblationCam);
    QTRY_VERIFY_WITH_TIMEOUT(countState(panel, Entry::Done) == 10 && !panel->busy(), kWaitMs);

    // A computed tile opens its method in Where it looks.
    auto* cam = w->findChild<ds::ui::CamPanel*>(QStringLiteral("camPanel"));
    QSignalSpy asked(panel, &ds::ui::ComparePanel::methodRequested);
    auto* tile = panel->findChild<QWidget*>(QStringLiteral("compareTile_xgradcam"));
    QVERIFY(tile);
    QTest::mouseClick(tile, Qt::LeftButton, {}, QPoint(10, 10));
    QCOMPARE(asked.count(), 1);
    QTRY_COMPARE(cam->method(), ds::CamMethod::XGradCam);
    QTRY_VERIFY(cam->isShown());

    // The pixel attributions page fills once shown.
    QVERIFY(w->raisePanel(QStringLiteral("compare")));
    auto* pages = panel->findChild<QTabWidget*>(QStringLiteral("comparePages"));
    pages->setCurrentIndex(1);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->busy() && panel->attributionsDone() == 8, kWaitMs);

    // Another layer: everything starts over.
    pages->setCurrentIndex(0);
    w->selectLayer(QStringLiteral("features.transition1"));
    QTRY_COMPARE(panel->layer(), QStringLiteral("features.transition1"));
    QTRY_VERIFY_WITH_TIMEOUT(countState(panel, Entry::Done) == 9 && !panel->busy(), kWaitMs);
}

QTEST_MAIN(TestComparePanel)
#include "tst_compare_panel.moc"
