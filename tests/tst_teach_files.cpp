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
};

QTEST_MAIN(TestTeachFiles)
#include "tst_teach_files.moc"
