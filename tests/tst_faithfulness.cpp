// Faithfulness metrics of a CAM (densescope/faithfulness.h) against numpy/scipy/torchvision
// (tests/oracle/make_road.py, from issue 21's definitions): cam224 within 1e-5, ROAD's masks
// exactly on the oracle's cam224, the imputation within 1e-4 on the oracle's masks, the metrics
// within 1e-3 relative; progress and cancel; bad inputs.
// LibTorch first: Qt's `slots` keyword would break its headers.
#include "weights.h"

#include <QtTest>

#include <map>
#include <memory>

#include "densescope/errors.h"
#include "densescope/faithfulness.h"
#include "densescope/npy.h"
#include "densescope/teach.h"
#include "fixtures.h"

namespace {

std::vector<float> input() {
    const auto npy = ds::readNpy(fixtures::path("input256.npy"));
    return {npy.f32(), npy.f32() + npy.numel()};
}

std::vector<float> values(const QString& file) {
    const auto npy = ds::readNpy(fixtures::path(file));
    return {npy.f32(), npy.f32() + npy.numel()};
}

QJsonObject road() { return fixtures::json("road.json").object(); }

QJsonObject roadCase(const QString& name) {
    for (const auto& c : road().value("cases").toArray())
        if (c.toObject().value("name").toString() == name) return c.toObject();
    qFatal("road.json has no case %s", qPrintable(name));
}

ds::CamMap mapOf(const QJsonObject& c) {
    const auto npy = ds::readNpy(fixtures::path(c.value("map").toString()));
    ds::CamMap m;
    m.layer = c.value("layer").toString().toStdString();
    m.height = int(npy.shape.at(0));
    m.width = int(npy.shape.at(1));
    m.values.assign(npy.f32(), npy.f32() + npy.numel());
    return m;
}

std::vector<uint8_t> maskOf(const QString& name) {
    std::vector<uint8_t> mask;
    for (float v : values("road.mask." + name + ".npy")) mask.push_back(v > 0.5f ? 1 : 0);
    return mask;
}

// A percentile's logit change can be near 0 while the logits are not: relative to the larger of
// the value and the class's logit y(x), floored at 1 (a logit's own scale).
double scaleOf(double ref, double logit) {
    return std::max({std::abs(ref), std::abs(logit), 1.0});
}

}  // namespace

class TestFaithfulness : public QObject {
    Q_OBJECT
private:
    std::map<QString, std::unique_ptr<ds::Engine>> engines_;
    ds::Engine& engine(const QString& model) {
        auto& e = engines_[model];
        if (!e) {
            ds::EngineOptions options;
            options.device = ds::DeviceKind::Cpu;
            e = std::make_unique<ds::Engine>(options);
            e->load(fixtures::config(model), fixtures::path(model + ".pth"));
        }
        return *e;
    }

private slots:
    void cam224MatchesOracle_data();
    void cam224MatchesOracle();
    void masksMatchOracle_data();
    void masksMatchOracle();
    void imputationMatchesOracle_data();
    void imputationMatchesOracle();
    void imputationKeepsKeptPixels();
    void metricsMatchOracle_data();
    void metricsMatchOracle();
    void headGivesItsLogits();
    void progressAndCancel();
    void badInputs();
};

void TestFaithfulness::cam224MatchesOracle_data() {
    QTest::addColumn<QString>("name");
    for (const auto& c : road().value("cases").toArray()) {
        const QString name = c.toObject().value("name").toString();
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestFaithfulness::cam224MatchesOracle() {
    QFETCH(QString, name);
    const auto got = ds::cam224(mapOf(roadCase(name)));
    const auto ref = values("road." + name + ".cam224.npy");
    QCOMPARE(got.size(), ref.size());
    QVERIFY2(fixtures::maxAbsDiff(got.data(), ref.data(), ref.size()) < 1e-5,
             qPrintable(QString::number(fixtures::maxAbsDiff(got.data(), ref.data(), ref.size()))));
}

void TestFaithfulness::masksMatchOracle_data() { cam224MatchesOracle_data(); }

// On the oracle's own cam224 the percentiles and comparisons are numpy's, so the removed
// pixels are the same ones (count at every percentile, and pixel for pixel where saved).
void TestFaithfulness::masksMatchOracle() {
    QFETCH(QString, name);
    const auto c = roadCase(name);
    const auto cam = values("road." + name + ".cam224.npy");
    const auto percentiles = road().value("percentiles").toArray();
    for (int k = 0; k < percentiles.size(); ++k) {
        const int p = percentiles[k].toInt();
        for (const bool morf : {true, false}) {
            const auto mask = ds::roadMask(cam, p, morf);
            const int removed = int(std::count(mask.begin(), mask.end(), uint8_t(1)));
            const int expected = c.value(morf ? "removed_morf" : "removed_lerf").toArray()[k].toInt();
            QVERIFY2(removed == expected, qPrintable(QStringLiteral("%1 %2: %3 removed, oracle %4")
                                                         .arg(morf ? "MoRF" : "LeRF").arg(p)
                                                         .arg(removed).arg(expected)));
            const QString saved = name + (morf ? ".morf" : ".lerf") + QString::number(p);
            if (QFile::exists(QString::fromStdString(fixtures::path("road.mask." + saved + ".npy"))))
                QVERIFY(mask == maskOf(saved));
        }
    }
}

void TestFaithfulness::imputationMatchesOracle_data() {
    QTest::addColumn<QString>("name");
    for (const auto& c : road().value("imputations").toArray()) {
        const QString name = c.toObject().value("name").toString();
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestFaithfulness::imputationMatchesOracle() {
    QFETCH(QString, name);
    const auto got = ds::roadImpute(input(), 3, 224, 224, maskOf(name));
    const auto ref = values("road.imputed." + name + ".npy");
    QCOMPARE(got.size(), ref.size());
    const double diff = fixtures::maxAbsDiff(got.data(), ref.data(), ref.size());
    QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
}

// Kept pixels are copied bit for bit; a removed pixel whose neighbours are all kept is their
// weighted mean; nothing removed is a copy.
void TestFaithfulness::imputationKeepsKeptPixels() {
    const int h = 5, w = 6;
    std::vector<float> image(size_t(2 * h * w));
    for (size_t i = 0; i < image.size(); ++i) image[i] = float(i % 7) - 2.5f * float(i % 3);
    std::vector<uint8_t> removed(size_t(h * w), 0);
    QVERIFY(ds::roadImpute(image, 2, h, w, removed) == image);
    removed[size_t(2 * w + 3)] = 1;
    const auto out = ds::roadImpute(image, 2, h, w, removed);
    for (size_t i = 0; i < out.size(); ++i)
        if (i % size_t(h * w) != size_t(2 * w + 3)) QCOMPARE(out[i], image[i]);
    for (int c = 0; c < 2; ++c) {
        auto at = [&](int y, int x) { return double(image[size_t(c * h * w + y * w + x)]); };
        const double mean = (at(1, 3) + at(3, 3) + at(2, 2) + at(2, 4)) / 6 +
                            (at(1, 2) + at(1, 4) + at(3, 2) + at(3, 4)) / 12;
        QVERIFY(std::abs(out[size_t(c * h * w + 2 * w + 3)] - mean) < 1e-5);
    }
}

void TestFaithfulness::metricsMatchOracle_data() { cam224MatchesOracle_data(); }

void TestFaithfulness::metricsMatchOracle() {
    QFETCH(QString, name);
    const auto c = roadCase(name);
    const QString model = c.value("model").toString();
    if (model != "tiny") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
    const auto m = ds::faithfulness(engine(model), input(), 224, 224, mapOf(c),
                                    c.value("class").toInt());
    const double logit = c.value("logit").toDouble();
    // The metrics within 1e-3 of their own value; each percentile's change (some near 0) of
    // the larger of it and the logit.
    auto check = [&](const char* what, double got, double ref, bool own = true) {
        const double rel = std::abs(got - ref) / (own ? std::max(std::abs(ref), 1e-12) : scaleOf(ref, logit));
        QVERIFY2(rel < 1e-3, qPrintable(QStringLiteral("%1: %2, oracle %3 (relative %4)")
                                            .arg(what).arg(got, 0, 'g', 9).arg(ref, 0, 'g', 9)
                                            .arg(rel)));
    };
    check("logit", m.logit, logit);
    check("confidence_change", m.confidenceChange, c.value("confidence_change").toDouble());
    check("road_morf", m.roadMorf, c.value("road_morf").toDouble());
    check("road_lerf", m.roadLerf, c.value("road_lerf").toDouble());
    check("road_combined", m.roadCombined, c.value("road_combined").toDouble());
    QCOMPARE(int(m.morf.size()), ds::kRoadSteps);
    for (int k = 0; k < ds::kRoadSteps; ++k) {
        check("morf", m.morf[size_t(k)], c.value("morf").toArray()[k].toDouble(), false);
        check("lerf", m.lerf[size_t(k)], c.value("lerf").toArray()[k].toDouble(), false);
        QCOMPARE(m.percentiles[size_t(k)], 10 * (k + 1));
    }
    QCOMPARE(m.roadCombined, (m.roadLerf - m.roadMorf) / 2);
}

// With a taught head the logits are the head's (on the plain module's pooled norm5): a head that
// is the model's own classifier gives the model's numbers.
void TestFaithfulness::headGivesItsLogits() {
    const auto c = roadCase(road().value("cases").toArray()[0].toObject().value("name").toString());
    QCOMPARE(c.value("model").toString(), QStringLiteral("tiny"));
    ds::LinearHead head;
    for (const auto& [name, tensor] : ds::readStateDict(fixtures::path("tiny.pth"))) {
        const auto t = tensor.to(torch::kFloat).contiguous();
        if (name == "classifier.weight") {
            head.featureCount = int(t.size(1));
            head.weight.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        } else if (name == "classifier.bias") {
            head.bias.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        }
    }
    for (size_t i = 0; i < head.bias.size(); ++i) head.classNames.push_back("class " + std::to_string(i));
    QVERIFY(head.featureCount > 0 && head.classes() == 1000);
    const auto m = ds::faithfulness(engine("tiny"), input(), 224, 224, mapOf(c), c.value("class").toInt(),
                                    {}, &head);
    QVERIFY(std::abs(m.logit - c.value("logit").toDouble()) < 1e-4);
    QVERIFY(std::abs(m.roadCombined - c.value("road_combined").toDouble()) < 1e-4);
    QVERIFY(std::abs(m.confidenceChange - c.value("confidence_change").toDouble()) < 1e-4);
    ds::LinearHead other = head;
    other.featureCount += 1;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(engine("tiny"), input(), 224, 224, mapOf(c),
                                                               1, {}, &other));
}

void TestFaithfulness::progressAndCancel() {
    const auto c = roadCase(road().value("cases").toArray()[0].toObject().value("name").toString());
    auto& e = engine(c.value("model").toString());
    std::vector<int> seen;
    ds::faithfulness(e, input(), 224, 224, mapOf(c), c.value("class").toInt(), [&](int done, int total) {
        seen.push_back(done);
        return total == 2 * ds::kRoadSteps + 2;
    });
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back(), 2 * ds::kRoadSteps + 2);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                             ds::faithfulness(e, input(), 224, 224, mapOf(c), c.value("class").toInt(),
                                              [&](int, int) { return ++calls < 2; }));
    QCOMPARE(calls, 2);
}

void TestFaithfulness::badInputs() {
    auto& e = engine("tiny");
    const auto x = input();
    ds::CamMap constant;
    constant.layer = "features.denseblock2";
    constant.height = constant.width = 7;
    constant.values.assign(49, 0.25f);
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(e, x, 224, 224, constant, 1));
    ds::CamMap negative = constant;  // constant after its ReLU
    negative.values.assign(49, -1.f);
    negative.values[3] = -0.5f;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(e, x, 224, 224, negative, 1));
    ds::CamMap wrong = constant;
    wrong.values[5] = 1.f;
    wrong.values.pop_back();
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(e, x, 224, 224, wrong, 1));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::cam224(wrong));
    wrong.values.push_back(0.f);
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(e, x, 224, 224, wrong, 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::faithfulness(e, x, 224, 224, wrong, -1));
    const std::vector<float> small(3 * 200 * 200, 0.f);
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::faithfulness(e, small, 200, 200, wrong, 1));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::faithfulness(e, small, 224, 224, wrong, 1));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError,
                             ds::roadImpute(x, 3, 224, 224, std::vector<uint8_t>(100, 1)));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError,
                             ds::roadImpute(x, 3, 224, 223, std::vector<uint8_t>(224 * 223, 1)));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::roadMask({}, 10, true));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::roadMask({0.f, 1.f}, 101, true));
    try {
        ds::faithfulness(e, x, 224, 224, constant, 1);
    } catch (const ds::ConfigError& err) {
        QVERIFY2(QString(err.what()).contains("constant"), err.what());
    }
    ds::Engine empty;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, ds::faithfulness(empty, x, 224, 224, wrong, 1));
}

QTEST_GUILESS_MAIN(TestFaithfulness)
#include "tst_faithfulness.moc"
