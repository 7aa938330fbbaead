// "Where it looks" in the real window (offscreen, tiny model): it computes only once shown,
// shows the same numbers as torchvision (tests/oracle/make_cams.py), switches the class when a
// prediction bar is clicked, recomputes for another method, and selects a strip layer's map
// without another pass; Score-CAM (in steps) and eigen-smooth against make_cam_methods.py.
#include <QCheckBox>
#include <QComboBox>
#include <QProgressBar>
#include <qcustomplot.h>

#include "cam_panel.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace uitest;

namespace {

double relativeToOracle(const ds::CamMap& map, const QString& method, int cls) {
    const auto ref = ds::readNpy(
        fixtures::path(QStringLiteral("tiny.cam.%1.%2.%3.npy").arg(method, QString::fromStdString(map.layer)).arg(cls)));
    if (ref.numel() != int64_t(map.values.size())) return 1e9;
    double peak = 0;
    for (int64_t i = 0; i < ref.numel(); ++i) peak = std::max(peak, double(ref.f32()[i]));
    return fixtures::maxAbsDiff(map.values.data(), ref.f32(), map.values.size()) / std::max(peak, 1e-30);
}

double relativeToMethodOracle(const ds::CamMap& map, const QString& method, int cls) {
    const auto ref = ds::readNpy(fixtures::path(
        QStringLiteral("tiny.cammethod.%1.%2.%3.npy").arg(method, QString::fromStdString(map.layer)).arg(cls)));
    if (ref.numel() != int64_t(map.values.size())) return 1e9;
    double peak = 0;
    for (int64_t i = 0; i < ref.numel(); ++i) peak = std::max(peak, double(ref.f32()[i]));
    return fixtures::maxAbsDiff(map.values.data(), ref.f32(), map.values.size()) / std::max(peak, 1e-30);
}

}  // namespace

class TestCamPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateFrom(m_dir); }
    void whereItLooks();

private:
    QTemporaryDir m_dir;
};

void TestCamPanel::whereItLooks() {
    auto w = started(tinyOptions());
    auto* panel = w->findChild<ds::ui::CamPanel*>(QStringLiteral("camPanel"));
    QVERIFY(panel);
    QVERIFY2(!panel->result() && !panel->busy(), "a hidden panel computes nothing");

    QSignalSpy shown(panel, &ds::ui::CamPanel::camShown);
    QVERIFY(w->raisePanel(QStringLiteral("cam")));
    QVERIFY(shown.wait(kWaitMs));
    const int top1 = fixtures::json("cams.json").object().value("tiny").toObject().value("top1").toInt();
    const auto* result = panel->result();
    QVERIFY(result);
    QCOMPARE(result->target.index, top1);
    QCOMPARE(result->method, ds::CamMethod::GradCam);
    const auto strip = ds::camStripLayers(fixtures::config("tiny"));
    QVERIFY(result->maps.size() >= strip.size());
    for (size_t i = 0; i < strip.size(); ++i) {
        QCOMPARE(result->maps[i].layer, strip[i]);
        QVERIFY2(relativeToOracle(result->maps[i], "gradcam", top1) < 1e-4, strip[i].c_str());
    }

    // A click on the second bar of the predictions explains that class (and brings the tab to
    // the front: here after the feature maps were raised again).
    QVERIFY(w->raisePanel(QStringLiteral("featureMaps")));
    QTRY_VERIFY(!panel->isShown());
    auto* plot = w->predictions()->plot();
    const int second = w->predictions()->labels().size() > 1 ? 1 : 0;
    QVERIFY(second == 1);
    const QPoint at(plot->xAxis->coordToPixel(0) + 5, int(plot->yAxis->coordToPixel(2.0)));
    QTest::mouseClick(plot, Qt::LeftButton, {}, at);
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(panel->isShown());
    const int clicked = panel->explainedClass();
    QVERIFY(clicked >= 0 && clicked != top1);
    QCOMPARE(panel->result()->target.index, clicked);
    auto* classes = panel->findChild<QComboBox*>(QStringLiteral("camClass"));
    QCOMPARE(classes->currentData().toInt(), clicked);

    // Another method: computed again; class 281 through the combo's "class N" path is the
    // CLI's --class; here LayerCAM for the clicked class.
    auto* method = panel->findChild<QComboBox*>(QStringLiteral("camMethod"));
    method->setCurrentIndex(method->findData(int(ds::CamMethod::LayerCam)));
    emit method->activated(method->currentIndex());
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->method, ds::CamMethod::LayerCam);

    // Back to the top-1 with Grad-CAM++: the oracle's numbers.
    method->setCurrentIndex(method->findData(int(ds::CamMethod::GradCamPlusPlus)));
    classes->setCurrentIndex(0);
    emit classes->activated(0);
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->target.index, top1);
    for (const auto& map : panel->result()->maps)
        if (std::find(strip.begin(), strip.end(), map.layer) != strip.end())
            QVERIFY2(relativeToOracle(map, "gradcampp", top1) < 1e-4, map.layer.c_str());

    // Selecting a strip layer shows its map from the same pass.
    const auto* before = panel->result();
    w->selectLayer(QStringLiteral("features.transition2"));
    QTRY_COMPARE(panel->layer(), QStringLiteral("features.transition2"));
    QVERIFY(!panel->busy());
    QCOMPARE(panel->result(), before);

    // Score-CAM: the selected layer only, in steps, as torchvision computes it
    // (tests/oracle/make_cam_methods.py); then with eigen-smooth, at another layer.
    const auto methods = fixtures::json("cam_methods.json").object().value("tiny").toObject();
    QCOMPARE(methods.value("class").toInt(), top1);
    method->setCurrentIndex(method->findData(int(ds::CamMethod::ScoreCam)));
    QVERIFY(!method->itemData(method->currentIndex(), Qt::ToolTipRole).toString().isEmpty());
    emit method->activated(method->currentIndex());
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->method, ds::CamMethod::ScoreCam);
    QCOMPARE(panel->result()->maps.size(), size_t(1));
    QVERIFY(relativeToMethodOracle(panel->result()->maps[0], "scorecam", top1) < 1e-3);
    QVERIFY(!panel->findChild<QProgressBar*>(QStringLiteral("camProgress"))->isVisible());
    w->selectLayer(QStringLiteral("features.denseblock2"));
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->maps[0].layer, std::string("features.denseblock2"));
    auto* smooth = panel->findChild<QCheckBox*>(QStringLiteral("camEigenSmooth"));
    smooth->setChecked(true);
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(panel->result()->eigenSmooth);
    QVERIFY(relativeToMethodOracle(panel->result()->maps[0], "scorecam+eigensmooth", top1) < 1e-3);
    // Eigen-CAM has no use for it: the box is disabled.
    method->setCurrentIndex(method->findData(int(ds::CamMethod::EigenCam)));
    emit method->activated(method->currentIndex());
    QVERIFY(!smooth->isEnabled());
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(!panel->result()->eigenSmooth);
    smooth->setChecked(false);

    // "Top-1" explains the class the predictions show first, even where the CAM pass's own
    // ranking would pick another (a near-tie between the fast path and the plain module): a
    // view whose first prediction is the clicked class, for a new image, is explained for it.
    QTRY_VERIFY_WITH_TIMEOUT(w->isIdle() && !panel->busy(), kWaitMs);  // no real view on its way
    ds::ui::ViewResult view;
    view.imageId = 1u << 30;
    view.networkInput = QImage(224, 224, QImage::Format_RGB888);
    view.top = {ds::Prediction{clicked, "shown first", 0.5f}, ds::Prediction{top1, "second", 0.49f}};
    QCOMPARE(classes->currentData().toInt(), -1);
    panel->viewChanged(view);
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->target.index, clicked);
    QCOMPARE(classes->currentText(), QStringLiteral("Top-1: shown first"));
}

QTEST_MAIN(TestCamPanel)
#include "tst_cam_panel.moc"
