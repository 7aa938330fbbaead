// The engine's taught head (Engine::setHead): classify() predicts the head's classes from the
// pooled features of its own pass, exactly as LinearHead::predict on ds::pooledFeatures; CAMs
// explain the head's classes; a load keeps a head that fits and drops one that does not.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "test_process.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "image_io.h"
#include "teach_data.h"

namespace {

ds::DenseNetConfig tinyConfig() {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = 8;
    c.blockConfig = {2, 3, 2};
    c.initFeatures = 16;
    c.bnSize = 2;
    return c;
}

}  // namespace

class TestTeachEngine : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<ds::Engine> m_engine;
    std::shared_ptr<const ds::LinearHead> m_head;
    std::vector<ds::RgbImage> m_images;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY(teachdata::write(m_tmp.path(), 6, 7));
        testprocess::useThreads(1);  // OpenMP's spinning threads slow a shared machine (tst_teach)
        ds::EngineOptions options;
        options.device = ds::DeviceKind::Cpu;
        options.keepLayers = true;  // as the app's worker runs it
        options.mapBytes = true;
        m_engine = std::make_unique<ds::Engine>(options);
        m_engine->load(tinyConfig(), "random:0");
        std::vector<std::vector<float>> features;
        std::vector<int> labels;
        std::vector<std::string> classes;
        for (int c = 0; c < teachdata::classNames().size(); ++c) {
            classes.push_back(teachdata::classNames()[c].toStdString());
            const QDir dir(m_tmp.filePath(teachdata::classNames()[c]));
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
                m_images.push_back(ds::loadImage(dir.filePath(name)));
                features.push_back(ds::pooledFeatures(*m_engine, m_images.back()));
                labels.push_back(c);
            }
        }
        ds::TrainOptions train;
        train.epochs = 60;
        ds::HeadTrainer trainer(features, labels, classes, ds::backboneIdentity(*m_engine), train);
        trainer.step(train.epochs);
        m_head = std::make_shared<ds::LinearHead>(trainer.report().head);
    }

    void predictionsAreTheHeads() {
        m_engine->setHead(m_head);
        QCOMPARE(m_engine->head().get(), m_head.get());
        for (size_t i = 0; i < m_images.size(); i += 5) {
            const auto r = m_engine->classify(m_images[i], 4, {"features.denseblock2"});
            const auto pooled = ds::pooledFeatures(*m_engine, m_images[i]);
            const auto expected = m_head->predict(pooled, 4);
            QCOMPARE(int(r.top.size()), 4);
            QCOMPARE(r.logits, m_head->logits(pooled));  // bit for bit
            for (size_t k = 0; k < expected.size(); ++k) {
                QCOMPARE(r.top[k].index, expected[k].index);
                QCOMPARE(r.top[k].label, expected[k].label);
                QCOMPARE(r.top[k].probability, expected[k].probability);
            }
            QCOMPARE(int(r.maps.size()), 1);  // norm5 is pooled, not returned
            QCOMPARE(r.maps[0].layer, std::string("features.denseblock2"));
        }
        // The kept layers still answer (the app's layer switches).
        ds::FeatureMap kept;
        QVERIFY(m_engine->keptMap(ds::names::kNorm5, &kept));
        m_engine->clearHead();
        QCOMPARE(int(m_engine->classify(m_images[0], 5).logits.size()), m_engine->config().numClasses);
    }

    void camsExplainTheHeadsClasses() {
        m_engine->setHead(m_head);
        const auto& image = m_images[7];
        const auto top = m_engine->classify(image, 1).top.front();
        const auto cam = ds::computeCams(*m_engine, image, {"features.denseblock2"},
                                         ds::CamMethod::GradCam);
        QCOMPARE(cam.target.index, top.index);
        QCOMPARE(cam.target.label, top.label);
        QVERIFY(teachdata::classNames().contains(QString::fromStdString(cam.target.label)));
        const auto explicitHead = ds::computeCams(*m_engine, image, {"features.denseblock2"},
                                                  ds::CamMethod::GradCam, -1, 5, m_head.get());
        QCOMPARE(explicitHead.maps[0].values, cam.maps[0].values);
        // Another class of the head, by its index.
        const int other = (top.index + 1) % m_head->classes();
        const auto second = ds::computeCams(*m_engine, image, {"features.denseblock2"},
                                            ds::CamMethod::GradCam, other);
        QCOMPARE(second.target.label, m_head->classNames[size_t(other)]);
        m_engine->clearHead();
        const auto imagenet = ds::computeCams(*m_engine, image, {"features.denseblock2"},
                                              ds::CamMethod::GradCam);
        QCOMPARE(int(imagenet.top.size()), 5);
        QVERIFY(!teachdata::classNames().contains(QString::fromStdString(imagenet.target.label)));
    }

    void loadKeepsAFittingHeadOnly() {
        m_engine->setHead(m_head);
        m_engine->load(tinyConfig(), "random:0");  // the same backbone again
        QCOMPARE(m_engine->head().get(), m_head.get());
        m_engine->load(tinyConfig(), "random:1");  // other weights
        QVERIFY(!m_engine->head());
        QCOMPARE(int(m_engine->classify(m_images[0], 3).logits.size()), m_engine->config().numClasses);
        m_engine->load(tinyConfig(), "random:0");
        QVERIFY(!m_engine->head());  // dropped, not remembered
    }

    void refusesAHeadOfAnotherSize() {
        auto wrong = std::make_shared<ds::LinearHead>(*m_head);
        wrong->featureCount += 1;
        wrong->weight.resize(size_t(wrong->classes()) * size_t(wrong->featureCount));
        QVERIFY_THROWS_EXCEPTION(ds::ConfigError, m_engine->setHead(wrong));
        QVERIFY(!m_engine->head());
    }
};

QTEST_GUILESS_MAIN(TestTeachEngine)
#include "tst_teach_engine.moc"
