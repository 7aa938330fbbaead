// densescope-cli train-head: teaches the frozen DenseNet new classes (a linear head on its
// pooled features, densescope/teach.h) from one subfolder of images per class; and the head
// loading that classify --head uses.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli_common.h"
#include "densescope/errors.h"
#include "densescope/teach.h"
#include "image_files.h"
#include "image_io.h"
#include "model_options.h"

namespace cli {
namespace {

struct Example {
    QString path;
    int label = 0;
};

// "extracting 37/160" / "epoch 50/200, loss 0.123" on one terminal line, when stderr is one.
class Progress {
public:
    Progress() : enabled_(isatty(fileno(stderr)) != 0) {}
    void line(const QString& text, bool last) const {
        if (!enabled_) return;
        std::fprintf(stderr, "\r%s   %s", text.toUtf8().constData(), last ? "\n" : "");
        std::fflush(stderr);
    }

private:
    bool enabled_;
};

double parseHoldout(const QCommandLineParser& parser) {
    bool ok = false;
    const double v = parser.value("holdout").toDouble(&ok);
    if (!ok || !(v >= 0 && v <= 0.9))
        throw UsageError("--holdout must be a share from 0 to 0.9, got '" +
                         parser.value("holdout").toStdString() + "'.");
    return v;
}

QJsonArray toJson(const std::vector<std::vector<int>>& matrix) {
    QJsonArray rows;
    for (const auto& row : matrix) {
        QJsonArray r;
        for (int v : row) r.append(v);
        rows.append(r);
    }
    return rows;
}

QString percent(double share) { return QString::number(share * 100.0, 'f', 1) + " %"; }

QString confusionText(const std::vector<std::string>& classes,
                      const std::vector<std::vector<int>>& confusion) {
    int width = 4;
    for (const auto& c : classes) width = std::max(width, int(qs(c).size()));
    QString out = QStringLiteral("confusion (rows: true class, columns: predicted):\n") +
                  QString(width + 2, ' ');
    for (size_t j = 0; j < classes.size(); ++j) out += QString::number(j).rightJustified(6);
    out += '\n';
    for (size_t i = 0; i < classes.size(); ++i) {
        out += QString::number(i).rightJustified(2) + ' ' + qs(classes[i]).leftJustified(width - 1);
        for (int v : confusion[i]) out += QString::number(v).rightJustified(6);
        out += '\n';
    }
    return out;
}

}  // namespace

std::shared_ptr<const ds::LinearHead> loadHeadFor(const ds::Engine& engine, const QString& path) {
    try {
        auto head = std::make_shared<ds::LinearHead>(ds::loadHead(path.toStdString()));
        ds::checkHeadBackbone(*head, ds::backboneIdentity(engine), path.toStdString());
        return head;
    } catch (const ds::Error& e) {
        throw UsageError(e.what());
    }
}

int runTrainHead(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Teaches the network new classes: trains a linear classifier (softmax regression) on the "
        "frozen DenseNet's pooled features (adaptive_avg_pool2d(relu(features(x)), 1)) of the "
        "images in DIR, one subfolder per class (the folder names are the class names), with a "
        "held-out share of each class to measure it. Prints the held-out accuracy and the "
        "confusion matrix and saves the head as one .safetensors file for classify --head.");
    addEngineOptions(parser);
    parser.addOptions({
        {"data", "Folder with one subfolder of images per class.", "DIR"},
        {"out", "The head file to write (.safetensors).", "HEAD.safetensors"},
        {"holdout",
         "Share of each class held out to measure accuracy, 0 to 0.9 (default 0.2; "
         "at least one image per class when above 0).",
         "share", "0.2"},
        {"seed", "Seed of the held-out split (default 0).", "S", "0"},
        {"epochs", "Training epochs (full-batch Adam steps, default 200).", "N", "200"},
        {"json", "Print JSON on stdout."},
    });
    if (!parseOrHelp(parser, args)) return kExitOk;
    if (!parser.isSet("data")) throw UsageError("--data DIR is required (see --help).");
    if (!parser.isSet("out")) throw UsageError("--out HEAD.safetensors is required (see --help).");
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("train-head takes no IMAGE: the images are in --data DIR's subfolders.");
    ds::TrainOptions options;
    options.holdout = parseHoldout(parser);
    options.epochs = ds::options::positiveInt(parser, "epochs");
    bool seedOk = false;
    options.seed = parser.value("seed").toULongLong(&seedOk);
    if (!seedOk)
        throw UsageError("--seed must be a non-negative whole number, got '" +
                         parser.value("seed").toStdString() + "'.");
    const bool json = parser.isSet("json");
    const QString data = parser.value("data"), out = parser.value("out");
    if (!outputTargetOk(out)) return kExitSomeFailed;  // before a training that goes nowhere

    // Classes: the subfolders of DIR in natural order; examples: their image files.
    const QDir dir(data);
    if (!dir.exists()) throw UsageError("--data '" + data.toStdString() + "' is not a folder.");
    // Not QDir::Readable: a class folder that cannot be read is an error, not a missing class.
    QStringList folders = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(folders.begin(), folders.end(), ds::naturalLess);
    if (folders.size() < 2)
        throw UsageError("--data '" + data.toStdString() + "' has " +
                         std::to_string(folders.size()) +
                         " subfolders: make one subfolder of images per class, at least 2.");
    std::vector<std::string> classes;
    std::vector<Example> examples;
    for (const QString& folder : folders) {
        if (!QFileInfo(dir.filePath(folder)).isReadable())
            throw UsageError("The class folder '" + dir.filePath(folder).toStdString() +
                             "' cannot be read (its permissions): make it readable, or move it "
                             "out of --data.");
        const QStringList images = ds::imageFilesIn(dir.filePath(folder));
        if (images.isEmpty())
            throw UsageError("The class folder '" + dir.filePath(folder).toStdString() +
                             "' holds no images.");
        if (images.size() < 2 && options.holdout > 0)
            throw UsageError("The class folder '" + dir.filePath(folder).toStdString() +
                             "' holds 1 image: at least 2 are needed, one to train on and one to "
                             "hold out (add images, or --holdout 0 to measure nothing).");
        for (const QString& image : images) examples.push_back({image, int(classes.size())});
        classes.push_back(folder.toStdString());
    }

    LoadedModel model = loadModel(parser);
    ds::Engine& engine = *model.engine;
    const ds::BackboneIdentity backbone = ds::backboneIdentity(engine);
    const Progress progress;
    std::vector<std::vector<float>> features;
    std::vector<int> labels;
    std::vector<QString> paths;  // of the examples that were read
    QJsonArray errors;
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < examples.size(); ++i) {
        progress.line(QStringLiteral("features %1/%2").arg(i + 1).arg(examples.size()),
                      i + 1 == examples.size());
        try {
            features.push_back(ds::pooledFeatures(engine, ds::loadImage(examples[i].path)));
            labels.push_back(examples[i].label);
            paths.push_back(examples[i].path);
        } catch (const std::exception& e) {
            QString message = qs(e.what());
            if (!message.contains(examples[i].path))
                message = QStringLiteral("'%1': %2").arg(examples[i].path, message);
            errors.append(QJsonObject{{"image", examples[i].path}, {"error", message}});
            if (!json) printErr(message);
        }
    }
    const double extractMs = double(timer.nsecsElapsed()) / 1e6;
    const size_t extracted = features.size();

    timer.restart();
    ds::HeadTrainer trainer(std::move(features), labels, classes, backbone, options);
    while (!trainer.finished()) {
        const ds::EpochStats s = trainer.step(10);
        progress.line(QStringLiteral("epoch %1/%2, loss %3")
                          .arg(s.epoch)
                          .arg(options.epochs)
                          .arg(s.trainLoss, 0, 'f', 4),
                      trainer.finished());
    }
    const ds::TrainReport report = trainer.report();
    const double trainMs = double(timer.nsecsElapsed()) / 1e6;

    QString writeError;
    try {
        ds::saveHead(report.head, out.toStdString());
    } catch (const ds::Error& e) {
        writeError = qs(e.what());
        printErr(writeError);
    }

    std::vector<int> counts(classes.size(), 0);
    for (int l : labels) ++counts[size_t(l)];
    if (json) {
        QJsonArray names, countArray, curve, mistakes;
        for (size_t k = 0; k < classes.size(); ++k) {
            names.append(qs(classes[k]));
            countArray.append(counts[k]);
        }
        for (const auto& e : report.curve) {
            QJsonObject o{{"epoch", e.epoch},
                          {"train_loss", e.trainLoss},
                          {"train_accuracy", e.trainAccuracy}};
            o["holdout_accuracy"] =
                e.holdoutAccuracy < 0 ? QJsonValue() : QJsonValue(e.holdoutAccuracy);
            curve.append(o);
        }
        for (const auto& m : report.mistakes)
            mistakes.append(QJsonObject{{"image", paths[size_t(m.example)]},
                                        {"true", qs(classes[size_t(m.truth)])},
                                        {"predicted", qs(classes[size_t(m.predicted)])}});
        QJsonObject o{
            {"variant", qs(engine.config().name)},
            {"weights", qs(model.weightsSpec)},
            {"backbone", qs(backbone.describe())},
            {"classes", names},
            {"counts", countArray},
            {"train_size", int(report.trainIndices.size())},
            {"holdout_size", int(report.holdoutIndices.size())},
            {"confusion", toJson(report.confusion)},
            {"mistakes", mistakes},
            {"loss_curve", curve},
            {"timings",
             QJsonObject{{"images", int(examples.size())},
                         {"extract_ms", extractMs / double(std::max<size_t>(1, examples.size()))},
                         {"train_ms", trainMs}}},
            {"errors", errors}};
        o["accuracy"] =
            report.holdoutAccuracy < 0 ? QJsonValue() : QJsonValue(report.holdoutAccuracy);
        if (writeError.isEmpty()) o["out"] = out;
        printJson(o);
    } else {
        QString text = QStringLiteral("%1 classes, %2 images (%3 to train on, %4 held out), %5\n")
                           .arg(classes.size())
                           .arg(extracted)
                           .arg(report.trainIndices.size())
                           .arg(report.holdoutIndices.size())
                           .arg(qs(backbone.describe()));
        if (report.holdoutAccuracy >= 0) {
            text += QStringLiteral("held-out accuracy: %1 (%2 of %3)\n")
                        .arg(percent(report.holdoutAccuracy))
                        .arg(report.holdoutIndices.size() - report.mistakes.size())
                        .arg(report.holdoutIndices.size());
            text += confusionText(classes, report.confusion);
            for (const auto& m : report.mistakes)
                text += QStringLiteral("  mistake: %1 is %2, predicted %3\n")
                            .arg(paths[size_t(m.example)], qs(classes[size_t(m.truth)]),
                                 qs(classes[size_t(m.predicted)]));
        } else {
            text += QStringLiteral("nothing held out (--holdout 0): no accuracy measured\n");
        }
        text += QStringLiteral("features %1 ms per image, training %2 ms\n")
                    .arg(extractMs / double(std::max<size_t>(1, examples.size())), 0, 'f', 1)
                    .arg(trainMs, 0, 'f', 0);
        if (writeError.isEmpty()) text += QStringLiteral("head saved to %1\n").arg(out);
        printOut(text);
    }
    return errors.isEmpty() && writeError.isEmpty() ? kExitOk : kExitSomeFailed;
}

}  // namespace cli
