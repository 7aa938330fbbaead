// The Teach tab (ui/panels/analysis/teach_panel.h) in the real window, offscreen: a generated
// shapes-and-colours data set loaded through the panel, trained through the worker on
// densenet121 with random weights, its confusion matrix, the switch between taught and ImageNet
// classes (predictions chart and the "Where it looks" tab), saving and opening the head, a head
// for another backbone refused in the panel, Cancel, and the feature cache.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "test_process.h"
#include "cam_panel.h"
#include "densescope/teach.h"
#include "predictions_chart.h"
#include "teach_data.h"
#include "teach_job.h"
#include "teach_panel.h"
#include "teach_results.h"
#include "ui_test_support.h"

namespace {
constexpr int kPerClass = 40;
constexpr int kWaitMs = 300'000;
}  // namespace

class TestTeachPanel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;
    std::unique_ptr<ds::ui::MainWindow> m_window;
    ds::ui::TeachPanel* m_panel = nullptr;

    bool idle() {
        return uitest::settle(*m_window, [] {});
    }
    QStringList shownLabels() const { return m_window->predictions()->labels(); }
    static bool allTaught(const QStringList& labels) {
        if (labels.isEmpty()) return false;
        for (const QString& l : labels)
            if (!teachdata::classNames().contains(l)) return false;
        return true;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        uitest::isolateFrom(m_tmp);
        m_data = m_tmp.filePath("shapes");
        QVERIFY(teachdata::write(m_data, kPerClass, 12345));
        ds::ui::WindowOptions o;
        o.config = ds::DenseNetConfig::variant("densenet121");
        o.weights = "random:0";
        o.device = ds::DeviceKind::Cpu;
        o.image = m_data + "/square/000.png";
        o.useSettings = false;
        testprocess::useThreads(1);  // OpenMP's spinning threads slow a shared machine (tst_teach)
        m_window = uitest::started(o);
        QVERIFY(m_window);
        m_panel = m_window->findChild<ds::ui::TeachPanel*>();
        QVERIFY(m_panel);
        QVERIFY(m_window->raisePanel("teach"));
    }

    void classesAndExamples() {
        const int a = m_panel->addClass("apples");
        QCOMPARE(m_panel->className(a), QString("apples"));
        QCOMPARE(m_panel->addFolder(a, m_data + "/circle"), kPerClass);
        QCOMPARE(m_panel->addFolder(a, m_data + "/circle"), 0);  // no duplicates
        m_panel->renameClass(a, "round");
        QCOMPARE(m_panel->className(a), QString("round"));
        QVERIFY(m_panel->addCurrentImage(a));  // the shown file
        QVERIFY(m_panel->addImage(a, QImage(m_data + "/square/001.png")));  // as from the clipboard
        QCOMPARE(m_panel->examples(a).size(), kPerClass + 2);
        // One class cannot be trained: the panel says why instead of starting.
        m_panel->train();
        QVERIFY(!m_panel->training());
        QVERIFY(m_panel->message().contains("two classes"));
        m_panel->removeClass(a);
        QCOMPARE(m_panel->classCount(), 0);
    }

    void trainsThroughTheWorker() {
        QCOMPARE(m_panel->loadDataFolder(m_data), 4);
        // The subfolders in natural order, as train-head reads them.
        const QStringList sorted{"circle", "square", "stripes", "triangle"};
        for (int c = 0; c < 4; ++c) {
            QCOMPARE(m_panel->className(c), sorted[c]);
            QCOMPARE(m_panel->examples(c).size(), kPerClass);
        }
        QSignalSpy finished(m_panel, &ds::ui::TeachPanel::trainingFinished);
        QSignalSpy switched(m_panel, &ds::ui::TeachPanel::headSwitched);
        m_panel->train();
        QVERIFY(m_panel->training());
        QVERIFY(finished.count() == 1 || finished.wait(kWaitMs));
        const auto* job = m_panel->lastJob();
        QVERIFY(job);
        const ds::TrainReport& report = job->report();
        qInfo("held-out accuracy %.3f, %d images through the network", report.holdoutAccuracy,
              job->forwards());
        QVERIFY2(report.holdoutAccuracy >= 0.9,
                 qPrintable(QString("held-out accuracy %1").arg(report.holdoutAccuracy)));
        QCOMPARE(job->forwards(), 4 * kPerClass);
        QCOMPARE(int(report.holdoutIndices.size()), 4 * 8);
        QCOMPARE(m_panel->confusionGrid()->matrix(), report.confusion);
        QCOMPARE(m_panel->confusionGrid()->classes(), sorted);
        QCOMPARE(m_panel->mistakeCount(), int(report.mistakes.size()));
        // Training ends with the taught classes in use.
        QVERIFY(switched.count() >= 1 || switched.wait(kWaitMs));
        QCOMPARE(switched.last().at(0).toBool(), true);
        QVERIFY(idle());
        QVERIFY2(allTaught(shownLabels()), qPrintable(shownLabels().join(", ")));
    }

    void switchesBetweenTaughtAndImagenet() {
        QVERIFY(m_panel->headInUse());
        QSignalSpy switched(m_panel, &ds::ui::TeachPanel::headSwitched);
        m_panel->useTaughtClasses(false);
        QVERIFY(switched.wait(kWaitMs));
        QVERIFY(idle());
        QVERIFY(!m_panel->headInUse());
        const QStringList imagenet = shownLabels();
        QVERIFY(!imagenet.isEmpty());
        for (const QString& l : imagenet) QVERIFY(!teachdata::classNames().contains(l));
        m_panel->useTaughtClasses(true);
        QVERIFY(switched.wait(kWaitMs));
        QVERIFY(idle());
        QVERIFY(allTaught(shownLabels()));
        // The "Where it looks" tab explains a taught class.
        auto* cam = m_window->findChild<ds::ui::CamPanel*>();
        QVERIFY(cam);
        QSignalSpy camShown(cam, &ds::ui::CamPanel::camShown);
        QVERIFY(m_window->raisePanel("cam"));
        QVERIFY(camShown.wait(kWaitMs));
        QVERIFY(cam->result());
        QVERIFY(teachdata::classNames().contains(QString::fromStdString(cam->result()->target.label)));
        QCOMPARE(cam->result()->target.label, cam->result()->top.front().label);  // the top-1
        QVERIFY(shownLabels().contains(QString::fromStdString(cam->result()->target.label)));
        QVERIFY(m_window->raisePanel("teach"));
        QVERIFY(idle());
    }

    void savesAndOpens() {
        const QString file = m_tmp.filePath("shapes.safetensors");
        QVERIFY(m_panel->saveHead(file));
        QVERIFY(m_panel->message().contains("shapes.safetensors"));
        QVERIFY(m_panel->trainedHead());
        const QStringList before = shownLabels();
        const QVector<double> probabilities = m_window->predictions()->probabilities();
        const auto trained = m_panel->trainedHead();
        QSignalSpy switched(m_panel, &ds::ui::TeachPanel::headSwitched);
        m_panel->useTaughtClasses(false);
        QVERIFY(switched.wait(kWaitMs));
        QVERIFY(idle());
        QVERIFY(m_panel->openHead(file));
        QVERIFY(switched.wait(kWaitMs));
        QCOMPARE(switched.last().at(0).toBool(), true);
        QVERIFY(idle());
        QVERIFY(m_panel->trainedHead() != trained);  // the opened one is in use
        QCOMPARE(m_panel->trainedHead()->weight, trained->weight);
        QCOMPARE(m_panel->trainedHead()->bias, trained->bias);
        QCOMPARE(shownLabels(), before);
        QCOMPARE(m_window->predictions()->probabilities(), probabilities);  // exactly
    }

    void refusesAnotherBackbone() {
        QVERIFY(m_panel->trainedHead());
        ds::LinearHead other = *m_panel->trainedHead();
        other.backbone.weights = "random:1";
        other.backbone.weightsSpec = "random:1";
        const QString file = m_tmp.filePath("other.safetensors");
        ds::saveHead(other, file.toStdString());
        QSignalSpy refused(m_panel, &ds::ui::TeachPanel::headRefused);
        QVERIFY(m_panel->openHead(file));  // read; the network check follows on the worker
        QVERIFY(refused.wait(kWaitMs));
        QVERIFY(idle());
        const QString message = m_panel->message();
        QVERIFY2(message.contains("random:1") && message.contains("random:0"), qPrintable(message));
        auto* label = m_window->findChild<QLabel*>("teachMessage");
        QVERIFY(label && label->isVisible());
        QCOMPARE(label->text(), message);
        QVERIFY(m_panel->headInUse());  // the classes in use stay
        QVERIFY(allTaught(shownLabels()));
        // Not a head file at all.
        QVERIFY(!m_panel->openHead(m_data + "/circle/000.png"));
        QVERIFY(m_panel->message().contains("000.png"));
    }

    void cancelsAndReusesTheCache() {
        m_panel->train();
        QVERIFY(m_panel->training());
        m_panel->cancelTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->training(), kWaitMs);
        QCOMPARE(m_panel->statusText(), QString("Cancelled."));
        QSignalSpy finished(m_panel, &ds::ui::TeachPanel::trainingFinished);
        m_panel->train();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(m_panel->lastJob()->forwards(), 0);  // every feature came from the cache
        QVERIFY(m_panel->lastJob()->report().holdoutAccuracy >= 0.9);
        QVERIFY(idle());
    }
};

QTEST_MAIN(TestTeachPanel)
#include "tst_teach_panel.moc"
