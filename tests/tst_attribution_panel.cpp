// "Attributions" in the real window (offscreen, tiny model): it computes only once shown, shows
// torchvision's numbers (tests/oracle/make_attributions.py), computes again for another method,
// shows progress for a slow method and stops on Cancel.
#include <QComboBox>
#include <QProgressBar>
#include <QPushButton>

#include "attribution_panel.h"
#include "ui_test_support.h"

using namespace uitest;

namespace {

double relativeToOracle(const ds::AttributionResult& r, const QString& method, int cls) {
    const auto ref = ds::readNpy(fixtures::path(QStringLiteral("tiny.attr.%1.%2.npy").arg(method).arg(cls)));
    if (ref.numel() != int64_t(r.values.size())) return 1e9;
    double peak = 0;
    for (int64_t i = 0; i < ref.numel(); ++i) peak = std::max(peak, std::abs(double(ref.f32()[i])));
    return fixtures::maxAbsDiff(r.values.data(), ref.f32(), r.values.size()) / std::max(peak, 1e-30);
}

}  // namespace

class TestAttributionPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateFrom(m_dir); }
    void attributions();

private:
    QTemporaryDir m_dir;
};

void TestAttributionPanel::attributions() {
    auto w = started(tinyOptions());
    auto* panel = w->findChild<ds::ui::AttributionPanel*>(QStringLiteral("attributionPanel"));
    QVERIFY(panel);
    QVERIFY2(!panel->result() && !panel->busy(), "a hidden panel computes nothing");

    QSignalSpy shown(panel, &ds::ui::AttributionPanel::attributionShown);
    QVERIFY(w->raisePanel(QStringLiteral("attribution")));
    QVERIFY(shown.wait(kWaitMs));
    const int top1 = fixtures::json("attributions.json").object().value("tiny").toObject().value("top1").toInt();
    QVERIFY(panel->result());
    QCOMPARE(panel->result()->target.index, top1);
    QCOMPARE(panel->result()->method, ds::AttributionMethod::Saliency);
    QVERIFY(relativeToOracle(*panel->result(), "saliency", top1) < 1e-3);

    // Another method through the combo.
    auto* method = panel->findChild<QComboBox*>(QStringLiteral("attributionMethod"));
    method->setCurrentIndex(method->findData(int(ds::AttributionMethod::GuidedBackprop)));
    emit method->activated(method->currentIndex());
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->method, ds::AttributionMethod::GuidedBackprop);
    QVERIFY(relativeToOracle(*panel->result(), "guidedbackprop", top1) < 1e-3);

    // A slow one: progress and Cancel are shown while it runs; Cancel stops it.
    auto* cancel = panel->findChild<QPushButton*>(QStringLiteral("attributionCancel"));
    auto* progress = panel->findChild<QProgressBar*>(QStringLiteral("attributionProgress"));
    panel->setMethod(ds::AttributionMethod::Occlusion);
    QVERIFY(panel->busy());
    QVERIFY(cancel->isVisibleTo(panel) && progress->isVisibleTo(panel));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->busy(), kWaitMs);
    QVERIFY(!cancel->isVisibleTo(panel));
    QCOMPARE(panel->result()->method, ds::AttributionMethod::GuidedBackprop);  // the last map stays

    // Run to the end: the occlusion map of the oracle.
    panel->setMethod(ds::AttributionMethod::Occlusion);
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(panel->result()->method, ds::AttributionMethod::Occlusion);
    QVERIFY(relativeToOracle(*panel->result(), "occlusion", top1) < 1e-3);
}

QTEST_MAIN(TestAttributionPanel)
#include "tst_attribution_panel.moc"
