// The Where it looks tab's Faithfulness line (ui/panels/analysis/cam_faithfulness.h) in the real
// window (offscreen, tiny model): Measure computes the shown map's metrics on the worker (the
// numbers' own tests are tst_faithfulness's), Cancel stops it, and another map clears them.
#include <QLabel>
#include <QPushButton>

#include "cam_faithfulness.h"
#include "cam_panel.h"
#include "ui_test_support.h"

using namespace uitest;

class TestCamFaithfulness : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateFrom(m_dir); }
    void measureCancelAndClear();

private:
    QTemporaryDir m_dir;
};

void TestCamFaithfulness::measureCancelAndClear() {
    auto w = started(tinyOptions());
    auto* panel = w->findChild<ds::ui::CamPanel*>(QStringLiteral("camPanel"));
    QVERIFY(panel);
    QSignalSpy shown(panel, &ds::ui::CamPanel::camShown);
    QVERIFY(w->raisePanel(QStringLiteral("cam")));
    QVERIFY(shown.wait(kWaitMs));
    auto* box = panel->findChild<ds::ui::CamFaithfulness*>(QStringLiteral("camFaithfulness"));
    QVERIFY(box);
    auto* button = box->findChild<QPushButton*>(QStringLiteral("camFaithfulnessMeasure"));
    auto* result = box->findChild<QLabel*>(QStringLiteral("camFaithfulnessResult"));
    QVERIFY(button && result && button->isEnabled());
    QVERIFY(!box->metrics());

    // Cancel at once: nothing measured, the button measures again.
    const QString measureText = button->text();
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(box->busy());
    QVERIFY(button->text() != measureText);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!box->busy());
    QVERIFY(!box->metrics());
    QCOMPARE(button->text(), measureText);

    QSignalSpy measured(box, &ds::ui::CamFaithfulness::measured);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(measured.wait(kWaitMs));
    const auto& m = box->metrics();
    QVERIFY(m);
    QCOMPARE(m->classIndex, panel->result()->target.index);
    QCOMPARE(int(m->morf.size()), ds::kRoadSteps);
    QCOMPARE(m->roadCombined, (m->roadLerf - m->roadMorf) / 2);
    QVERIFY2(result->text().contains("ROAD"), qPrintable(result->text()));
    QVERIFY(!result->toolTip().isEmpty());

    // Another map (a strip layer from the same pass): the old numbers go.
    w->selectLayer(QStringLiteral("features.transition2"));
    QTRY_COMPARE(panel->layer(), QStringLiteral("features.transition2"));
    QVERIFY(!box->metrics());
    QVERIFY(!result->text().contains("ROAD"));
}

QTEST_MAIN(TestCamFaithfulness)
#include "tst_cam_faithfulness.moc"
