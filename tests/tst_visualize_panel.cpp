// The "Visualise" panel (ui/panels/analysis/visualize_panel.h) on the real inference worker:
// it follows the layer and channel, runs the visualisation as a job with progress, gives the
// same picture as the core call, cancels, and a newer request supersedes an older one.
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <qcustomplot.h>

#include "densescope/analysis.h"
#include "human_format.h"
#include "image_io.h"
#include "inference_worker.h"
#include "ui_test_support.h"
#include "visualize_panel.h"

using namespace ds::ui;
using namespace uitest;

class TestVisualizePanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(!fixtures::dir().isEmpty());
        isolateFrom(m_tmp);
        m_worker = new InferenceWorker();
        m_worker->attach(&m_thread);
        connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
        m_panel = std::make_unique<VisualizePanel>();
        m_panel->setWorker(m_worker);
        connect(m_worker, &InferenceWorker::modelLoaded, m_panel.get(), &VisualizePanel::modelChanged);
        connect(m_worker, &InferenceWorker::viewReady, m_panel.get(), &VisualizePanel::viewChanged);
        m_worker->requestModel(tinyRequest(fixture(QStringLiteral("tiny.viz.pth"))));
        m_worker->requestImageFile(fixture(QStringLiteral("input256.png")));
        m_worker->requestLayer(QStringLiteral("features.denseblock2"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
        m_panel->layerChanged(QStringLiteral("features.denseblock2"));
        m_panel->channelChanged(37);
        m_panel->resize(900, 420);
    }
    void cleanupTestCase() {
        m_panel.reset();
        m_worker->cancelAllAnalyses();
        m_thread.quit();
        m_thread.wait();
    }

    void followsLayerAndChannel() {
        auto* run = m_panel->findChild<QPushButton*>();
        QVERIFY(run);
        QVERIFY(m_panel->findChild<QLabel*>() != nullptr);
        bool headingFound = false;
        for (QLabel* l : m_panel->findChildren<QLabel*>())
            if (l->text().contains("features.denseblock2") && l->text().contains("37") &&
                l->text().contains("40"))  // tiny's denseblock2: 16 + 3 * 8 channels
                headingFound = true;
        QVERIFY(headingFound);
    }

    void runsLikeCore() {
        m_panel->setSteps(10);
        m_panel->setSeed(5);
        QSignalSpy finished(m_panel.get(), &VisualizePanel::finished);
        m_panel->visualize();
        QVERIFY(m_panel->running());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWaitMs);
        QVERIFY(!m_panel->running());
        const ds::VisualizeResult* r = m_panel->result();
        QVERIFY(r);
        QCOMPARE(int(r->objective.size()), 10);
        QCOMPARE(m_panel->findChild<QProgressBar*>()->value(), 10);
        // The same as the core call with the same seed and thread count.
        ds::Engine engine;  // the process's threads, as the panel's worker
        engine.load(fixtures::config("tiny"), fixture("tiny.viz.pth").toStdString());
        ds::VisualizeOptions o;
        o.steps = 10;
        o.seed = 5;
        const auto core = ds::visualizeChannel(engine, "features.denseblock2", 37, o);
        QVERIFY(core.image.pixels == r->image.pixels);
        QCOMPARE(core.objectiveEnd, r->objectiveEnd);
    }

    // The reported numbers score the start and the result as they are; the curve scores the
    // shifted, scaled and rotated copies: both are on screen, and the text says why they differ
    // (issue 20: "1.89 shown, the curve ends near 1.2").
    void reportedObjectiveExplained() {
        const ds::VisualizeResult* r = m_panel->result();
        QVERIFY(r);
        auto* plot = m_panel->findChild<QCustomPlot*>();
        QVERIFY(plot);
        QCOMPARE(plot->graphCount(), 3);
        const auto* dots = plot->graph(2)->data().data();
        QCOMPARE(dots->size(), 2);
        QCOMPARE(dots->at(0)->key, 0.0);
        QCOMPARE(dots->at(0)->value, double(r->objectiveStart));
        QCOMPARE(dots->at(1)->key, double(r->objective.size()));
        QCOMPARE(dots->at(1)->value, double(r->objectiveEnd));
        QVERIFY(plot->yAxis->range().contains(r->objectiveEnd));
        double tail = 0;
        for (size_t i = r->objective.size() - 8; i < r->objective.size(); ++i) tail += r->objective[i];
        tail /= 8;
        const QString text = m_panel->objectivesText();
        QVERIFY2(text.contains(ds::ui::humanValue(tail)) && text.contains("shifted"),
                 qPrintable(text));
        QVERIFY(text.contains(ds::ui::humanValue(r->objectiveEnd)));
    }

    void cancels() {
        m_panel->setSteps(4000);
        m_panel->visualize();
        auto* bar = m_panel->findChild<QProgressBar*>();
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, kWaitMs);
        QPushButton* cancel = nullptr;
        for (auto* b : m_panel->findChildren<QPushButton*>())
            if (b->text() == VisualizePanel::tr("Cancel")) cancel = b;
        QVERIFY(cancel && cancel->isEnabled());
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->running(), kWaitMs);
        QCOMPARE(m_panel->statusText(), VisualizePanel::tr("Cancelled."));
        QVERIFY(bar->value() < 4000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
    }

    void newerRequestSupersedes() {
        QSignalSpy finished(m_panel.get(), &VisualizePanel::finished);
        m_panel->setSteps(4000);
        m_panel->visualize();
        m_panel->channelChanged(3);
        m_panel->setSteps(4);
        m_panel->visualize();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWaitMs);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(m_panel->result()->channel, 3);
        QCOMPARE(int(m_panel->result()->objective.size()), 4);
        QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
    }

private:
    QTemporaryDir m_tmp;
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    std::unique_ptr<VisualizePanel> m_panel;
};

QTEST_MAIN(TestVisualizePanel)
#include "tst_visualize_panel.moc"
