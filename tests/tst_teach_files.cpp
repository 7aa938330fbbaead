// Head files that are not what they claim (ds::loadHead): each refused with a WeightsError
// that says what is wrong, never a crash or an allocation the file's size does not back.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <vector>

#include "densescope/errors.h"
#include "densescope/teach.h"
#include "fixtures.h"

namespace {

// A .safetensors file from a header object and raw data (for hostile head files).
void writeSafetensors(const QString& path, const QJsonObject& header, const QByteArray& data) {
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8) json += ' ';
    QByteArray bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = char((quint64(json.size()) >> (8 * i)) & 0xff);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes + json + data);
}

QByteArray floatBytes(const std::vector<float>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), int(v.size() * sizeof(float)));
}

}  // namespace

class TestTeachFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private slots:
    void hostileHeadFilesRefused_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("says");
        const char* const rows[][2] = {{"empty", "truncated"},
                                       {"garbage", "header"},
                                       {"weights file", "not a DenseScope head file"},
                                       {"no metadata", "not a DenseScope head file"},
                                       {"classes not a list", "list of names"},
                                       {"one class", "at least 2 class names"},
                                       {"wrong shape", "weight must be [4, 36]"},
                                       {"nan", "non-finite"},
                                       {"extra tensor", "unexpected tensor"},
                                       {"number metadata", "is not a string"},
                                       {"bad layout", "layout is invalid"},
                                       {"feature count", "features, but its backbone layout has"},
                                       {"integer tensor", "floating point"},
                                       {"huge shape", "data_offsets"}};
        for (const auto& row : rows) QTest::newRow(row[0]) << QString(row[0]) << QString(row[1]);
    }
    void hostileHeadFilesRefused() {
        QFETCH(QString, kind);
        QFETCH(QString, says);
        const QString path = m_tmp.filePath("bad.safetensors");
        QFile::remove(path);
        const int n = 4, c = 36;  // the tiny layout's norm5 channels
        QJsonObject meta{{"format", "densescope.linear_head.v1"},
                         {"classes", R"(["circle", "square", "triangle", "stripes"])"},
                         {"backbone.variant", "custom"},
                         {"backbone.growth_rate", "8"},
                         {"backbone.block_config", "2,3,2"},
                         {"backbone.init_features", "16"},
                         {"backbone.bn_size", "2"},
                         {"backbone.compression", "0.5"},
                         {"backbone.weights", "random:0"},
                         {"feature_count", QString::number(c)}};
        std::vector<float> weight(size_t(n * c), 0.5f), bias(size_t(n), 0.f);
        QJsonArray wShape{n, c};
        QString wType = "F32";
        QJsonObject extra;
        if (kind == "empty" || kind == "garbage") {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            if (kind == "garbage") f.write("\xff\xff\xff\xff\xff\xff\xff\x7fnot a head");
        } else if (kind == "weights file") {
            QVERIFY(QFile::copy(fixtures::dir() + "/tiny.safetensors", path));
        } else {
            if (kind == "no metadata") meta = {};
            if (kind == "classes not a list") meta["classes"] = "circle";
            if (kind == "one class") meta["classes"] = R"(["circle"])";
            if (kind == "wrong shape") wShape = {n, c + 1}, weight.resize(size_t(n * (c + 1)));
            if (kind == "nan") weight[3] = std::nanf("");
            if (kind == "extra tensor")
                extra = {
                    {"dtype", "F32"}, {"shape", QJsonArray{1}}, {"data_offsets", QJsonArray{0, 4}}};
            if (kind == "number metadata") meta["feature_count"] = c;
            if (kind == "bad layout") meta["backbone.block_config"] = "0,0";
            if (kind == "feature count") meta["feature_count"] = QString::number(c + 1);
            if (kind == "integer tensor") wType = "I32";
            if (kind == "huge shape") wShape = {n, qint64(1) << 40};
            const qint64 b = 4 * n, w = 4 * qint64(weight.size());
            QJsonObject header{{"bias", QJsonObject{{"dtype", "F32"},
                                                    {"shape", QJsonArray{n}},
                                                    {"data_offsets", QJsonArray{0, b}}}},
                               {"weight", QJsonObject{{"dtype", wType},
                                                      {"shape", wShape},
                                                      {"data_offsets", QJsonArray{b, b + w}}}}};
            if (!meta.isEmpty()) header["__metadata__"] = meta;
            if (!extra.isEmpty()) header["extra"] = extra;
            writeSafetensors(path, header, floatBytes(bias) + floatBytes(weight));
        }
        try {
            ds::loadHead(path.toStdString());
            QFAIL("a bad head file was accepted");
        } catch (const ds::WeightsError& e) {
            QVERIFY2(QString(e.what()).contains(says), e.what());
        }
    }

    // How the head was trained (issue 20: a reopened head shows its curve and confusion
    // matrix): read back when it is well formed, ignored, with the head still loading, when
    // not, and absent from older files.
    void trainingRecordReadOrIgnored_data() {
        QTest::addColumn<QString>("curve");
        QTest::addColumn<QString>("confusion");
        QTest::addColumn<bool>("read");
        QTest::newRow("well formed") << "1 1.5 0.25 0.5;2 0.75 1 1" << "1,0;0,1" << true;
        QTest::newRow("absent") << QString() << QString() << false;
        QTest::newRow("curve row short") << "1 1.5 0.25" << "1,0;0,1" << false;
        QTest::newRow("curve nan") << "1 nan 0.25 0.5" << "1,0;0,1" << false;
        QTest::newRow("epoch 0") << "0 1.5 0.25 0.5" << "1,0;0,1" << false;
        QTest::newRow("matrix not square") << "1 1.5 0.25 0.5" << "1,0,0;0,1,0" << false;
        QTest::newRow("matrix rows") << "1 1.5 0.25 0.5" << "1,0" << false;
        QTest::newRow("negative count") << "1 1.5 0.25 0.5" << "1,-1;0,1" << false;
        QTest::newRow("fraction count") << "1 1.5 0.25 0.5" << "1,0.5;0,1" << false;
    }
    void trainingRecordReadOrIgnored() {
        QFETCH(QString, curve);
        QFETCH(QString, confusion);
        QFETCH(bool, read);
        const int n = 2, c = 36;
        QJsonObject meta{{"format", "densescope.linear_head.v1"},
                         {"classes", R"(["circle", "square"])"},
                         {"backbone.variant", "custom"},
                         {"backbone.growth_rate", "8"},
                         {"backbone.block_config", "2,3,2"},
                         {"backbone.init_features", "16"},
                         {"backbone.bn_size", "2"},
                         {"backbone.compression", "0.5"},
                         {"backbone.weights", "random:0"},
                         {"feature_count", QString::number(c)}};
        if (!curve.isEmpty()) meta["training.curve"] = curve;
        if (!confusion.isEmpty()) {
            meta["training.confusion"] = confusion;
            meta["training.holdout_accuracy"] = "1";
        }
        const std::vector<float> weight(size_t(n * c), 0.5f), bias(size_t(n), 0.f);
        const qint64 b = 4 * n, w = 4 * qint64(weight.size());
        const QJsonObject header{
            {"__metadata__", meta},
            {"bias", QJsonObject{{"dtype", "F32"}, {"shape", QJsonArray{n}}, {"data_offsets", QJsonArray{0, b}}}},
            {"weight", QJsonObject{{"dtype", "F32"},
                                   {"shape", QJsonArray{n, c}},
                                   {"data_offsets", QJsonArray{b, b + w}}}}};
        const QString path = m_tmp.filePath("trained.safetensors");
        QFile::remove(path);
        writeSafetensors(path, header, floatBytes(bias) + floatBytes(weight));
        const ds::LinearHead head = ds::loadHead(path.toStdString());  // never refused for it
        QCOMPARE(head.classes(), 2);
        QCOMPARE(!head.training.empty(), read);
        if (!read) return;
        QCOMPARE(head.training.curve.size(), size_t(2));
        QCOMPARE(head.training.curve[1].epoch, 2);
        QCOMPARE(head.training.curve[0].trainLoss, 1.5);
        QCOMPARE(head.training.curve[0].trainAccuracy, 0.25);
        QCOMPARE(head.training.curve[0].holdoutAccuracy, 0.5);
        QCOMPARE(head.training.confusion, (std::vector<std::vector<int>>{{1, 0}, {0, 1}}));
        QCOMPARE(head.training.holdoutAccuracy, 1.0);
        // Written back and read again: the same record, exactly.
        const QString again = m_tmp.filePath("again.safetensors");
        ds::saveHead(head, again.toStdString());
        const ds::LinearHead back = ds::loadHead(again.toStdString());
        QCOMPARE(back.training.curve.size(), head.training.curve.size());
        for (size_t i = 0; i < back.training.curve.size(); ++i) {
            QCOMPARE(back.training.curve[i].epoch, head.training.curve[i].epoch);
            QCOMPARE(back.training.curve[i].trainLoss, head.training.curve[i].trainLoss);
            QCOMPARE(back.training.curve[i].holdoutAccuracy, head.training.curve[i].holdoutAccuracy);
        }
        QCOMPARE(back.training.confusion, head.training.confusion);
    }
};

QTEST_MAIN(TestTeachFiles)
#include "tst_teach_files.moc"
