// The Teach tab's training, its results, the head in use and the dialogs (teach_panel.h).
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>

#include <qcustomplot.h>

#include <algorithm>

#include "densescope/errors.h"
#include "dialog_folder.h"
#include "error_text.h"
#include "teach_job.h"
#include "teach_panel.h"
#include "teach_results.h"

namespace ds::ui {

void TeachPanel::setWordedMessage(const std::function<QString()>& make, bool error) {
    setMessage(make(), error);
    m_makeMessage = make;
}

void TeachPanel::setMessage(const QString& text, bool error) {
    m_makeMessage = nullptr;
    m_message = text;
    m_messageIsError = error;
    m_messageLabel->setText(text);
    m_messageLabel->setStyleSheet(error ? QStringLiteral("color: #b2182b;") : QString());
}

QString TeachPanel::message() const { return m_message; }
QString TeachPanel::statusText() const { return m_status->text(); }
int TeachPanel::mistakeCount() const { return m_mistakes->count(); }

void TeachPanel::modelChanged(const ModelInfo& info) {
    m_modelReady = true;
    if (info.headDropped) {
        m_inUse = false;
        m_imagenet->setChecked(true);
        setWordedMessage(
            [=] {
                return tr(
                    "The taught classes were made for another network, so the predictions "
                    "are ImageNet's again. Load the network they were trained on to use them.");
            },
            true);
        emit headSwitched(false);
    }
    updateButtons();
}

void TeachPanel::viewChanged(const ViewResult& view) {
    m_currentImage = view.original;
    m_currentSource = view.source;
    updateButtons();
}

void TeachPanel::workerAttached(InferenceWorker* worker) {
    connect(worker, &InferenceWorker::headApplied, this, [this](quint64 id, bool inUse) {
        if (id != m_headRequest) return;
        m_headRequest = 0;
        m_inUse = inUse;
        if (inUse && m_requested != m_head) {  // an opened file: its classes are now the head
            m_head = m_requested;
            m_headSource = m_requestedSource;
            m_finished.reset();
            showOpenedHead();
        }
        (inUse ? m_taught : m_imagenet)->setChecked(true);
        updateButtons();
        emit headSwitched(inUse);
    });
    connect(worker, &InferenceWorker::failed, this,
            [this](quint64 id, RequestKind kind, const QString& text) {
                if (kind != RequestKind::Head || id != m_headRequest) return;
                m_headRequest = 0;
                (m_inUse ? m_taught : m_imagenet)->setChecked(true);
                setWordedMessage(
                    [=] {
                        return tr("These classes cannot be used with the loaded network. %1")
                            .arg(text);
                    },
                    true);
                emit headRefused(m_message);
            });
}

void TeachPanel::train() {
    if (!worker() || training()) return;
    if (classCount() < 2) {
        setWordedMessage(
            [=] { return tr("Make at least two classes, each with examples, then train."); }, true);
        return;
    }
    std::vector<TeachExample> examples;
    std::vector<std::string> names;
    for (int c = 0; c < classCount(); ++c) {
        const auto& cls = m_classes[size_t(c)];
        if (cls.files.size() < 2) {
            setWordedMessage(
                [=] {
                    return tr("The class “%1” needs at least 2 examples: some to learn from and "
                              "one "
                              "to test on.")
                        .arg(cls.name);
                },
                true);
            return;
        }
        names.push_back(cls.name.toStdString());
        for (const QString& f : cls.files) examples.push_back({f, c});
    }
    setMessage({}, false);
    m_job = std::make_shared<TeachTrainJob>(std::move(examples), std::move(names),
                                            ds::TrainOptions{}, m_cache);
    m_jobId = submit(m_job);
    m_progress->setRange(0, m_job->totalUnits());
    m_progress->setValue(0);
    m_status->setText(tr("Starting…"));
    m_plot->show();
    showTeachCurve(m_plot, {}, m_job->options().epochs);
    updateButtons();
}

void TeachPanel::cancelTraining() {
    if (m_jobId) cancelJob(m_jobId);
}

void TeachPanel::jobProgress(quint64 id, int done, int total, const QString&) {
    if (id != m_jobId || !m_job) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    const int epochs = m_job->options().epochs, images = total - epochs;
    if (done <= images)
        m_status->setText(tr("Features of image %1 of %2").arg(done).arg(images));
    else
        m_status->setText(tr("Training: epoch %1 of %2").arg(done - images).arg(epochs));
    showTeachCurve(m_plot, m_job->curve(), epochs);
}

void TeachPanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_jobId) return;
    m_jobId = 0;
    m_job.reset();
    m_finished = std::static_pointer_cast<TeachTrainJob>(job);
    m_head = std::make_shared<ds::LinearHead>(m_finished->report().head);
    m_headSource.clear();
    m_progress->setValue(m_progress->maximum());
    const int images = int(m_finished->used().size());
    m_status->setText(tr("Done: %1 images, %2 of them run through the network (the others "
                         "were remembered).")
                          .arg(images)
                          .arg(m_finished->forwards()));
    QStringList skipped;
    for (const auto& [path, why] : m_finished->skipped())
        skipped << tr("Skipped %1: %2").arg(QFileInfo(path).fileName(), why);
    setMessage(skipped.join(QLatin1Char('\n')), !skipped.isEmpty());
    showResult();
    updateButtons();
    useTaughtClasses(true);  // what one trains for; "ImageNet classes" switches back
    emit trainingFinished();
}

void TeachPanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_jobId) return;
    m_jobId = 0;
    m_job.reset();
    m_progress->setValue(0);
    m_status->setText(error.isEmpty() ? tr("Cancelled.") : QString());
    if (!error.isEmpty())
        setWordedMessage([=] { return tr("Training failed: %1").arg(error); }, true);
    updateButtons();
}

void TeachPanel::showResult() {
    if (!m_finished) return;
    m_plot->show();
    m_confusion->show();
    const ds::TrainReport& report = m_finished->report();
    QStringList classes;
    for (const auto& n : report.head.classNames) classes << QString::fromStdString(n);
    showTeachCurve(m_plot, report.curve, m_finished->options().epochs);
    const int held = int(report.holdoutIndices.size());
    const int right = held - int(report.mistakes.size());
    m_accuracy->setText(report.holdoutAccuracy < 0
                            ? tr("Nothing was held out: no accuracy measured.")
                            : tr("Held-out accuracy: <b>%1 %</b> (%2 of %3 images it did not "
                                 "train on)")
                                  .arg(report.holdoutAccuracy * 100.0, 0, 'f', 1)
                                  .arg(right)
                                  .arg(held));
    m_confusion->setMatrix(classes, report.confusion);
    m_mistakes->clear();
    for (const auto& m : report.mistakes) {
        const QString path = m_finished->used()[size_t(m.example)].path;
        auto* item = new QListWidgetItem(thumbnail(path), QString(), m_mistakes);
        item->setToolTip(tr("%1: a %2, taken for a %3")
                             .arg(QFileInfo(path).fileName(), classes.value(m.truth),
                                  classes.value(m.predicted)));
    }
    m_mistakes->setVisible(!report.mistakes.empty());
    m_mistakesTitle->setText(report.mistakes.empty() && held > 0
                                 ? tr("No mistakes on the held-out images.")
                                 : tr("Mistakes on the held-out images:"));
}

// An opened head file: its classes, and the curve and confusion matrix saved with it (or a
// line saying they were not saved), in place of the last training's status and results.
void TeachPanel::showOpenedHead() {
    if (!m_head) return;
    QStringList classes;
    for (const auto& n : m_head->classNames) classes << QString::fromStdString(n);
    const ds::HeadTraining& t = m_head->training;
    m_progress->reset();  // no "0 %": nothing is running
    m_status->setText(tr("Opened %1: %2 classes (%3).")  // a head has at least 2
                          .arg(QFileInfo(m_headSource).fileName())
                          .arg(m_head->classes())
                          .arg(classes.join(QStringLiteral(", "))));
    m_mistakes->clear();
    m_mistakes->hide();
    m_mistakesTitle->clear();
    m_plot->setVisible(!t.curve.empty());
    int epochs = 2;
    for (const auto& e : t.curve) epochs = std::max(epochs, e.epoch);
    showTeachCurve(m_plot, t.curve, epochs);
    if (int(t.confusion.size()) == m_head->classes()) {
        m_confusion->setMatrix(classes, t.confusion);
        m_confusion->show();
        int held = 0, right = 0;
        for (size_t i = 0; i < t.confusion.size(); ++i)
            for (size_t j = 0; j < t.confusion[i].size(); ++j) {
                held += t.confusion[i][j];
                if (i == j) right += t.confusion[i][j];
            }
        m_accuracy->setText(t.holdoutAccuracy < 0 || held == 0
                                ? tr("Nothing was held out: no accuracy measured.")
                                : tr("Held-out accuracy when it was trained: <b>%1 %</b> (%2 of "
                                     "%3 images it did not train on)")
                                      .arg(t.holdoutAccuracy * 100.0, 0, 'f', 1)
                                      .arg(right)
                                      .arg(held));
    } else {
        m_confusion->clear();
        m_confusion->hide();  // not "appears after training": it was trained, not saved
        m_accuracy->setText(
            t.curve.empty()
                ? tr("This file holds the classes only: its training curve and confusion "
                     "matrix were not saved in it. Train again to see them.")
                : tr("This file holds no confusion matrix."));
    }
}

void TeachPanel::requestHead(std::shared_ptr<const ds::LinearHead> head, const QString& source) {
    if (!worker()) return;
    m_requested = head;
    m_requestedSource = source;
    m_headRequest = worker()->requestHead(std::move(head), source);
}

void TeachPanel::useTaughtClasses(bool use) {
    if (use && !m_head) {
        m_imagenet->setChecked(true);
        setWordedMessage([=] { return tr("Train or open taught classes first."); }, true);
        return;
    }
    requestHead(use ? m_head : nullptr,
                m_headSource.isEmpty() ? QStringLiteral("(trained in the Teach tab)") : m_headSource);
}

bool TeachPanel::saveHead(const QString& path) {
    if (!m_head) {
        setWordedMessage([=] { return tr("Train or open taught classes first."); }, true);
        return false;
    }
    try {
        ds::saveHead(*m_head, path.toStdString());
    } catch (const std::exception& e) {
        setMessage(tr("Cannot save the classes: %1").arg(errorText(e)), true);
        return false;
    }
    setMessage(tr("Saved %1 classes to %2.").arg(m_head->classes()).arg(QDir::toNativeSeparators(path)),
               false);
    return true;
}

bool TeachPanel::openHead(const QString& path) {
    std::shared_ptr<const ds::LinearHead> head;
    try {
        head = std::make_shared<ds::LinearHead>(ds::loadHead(path.toStdString()));
    } catch (const std::exception& e) {
        setMessage(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), errorText(e)), true);
        emit headRefused(m_message);
        return false;
    }
    setMessage({}, false);
    requestHead(head, path);  // the worker checks the network (headApplied or a refusal)
    return true;
}

void TeachPanel::askSave() {
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save the taught classes"),
        dialogStartPath(QStringLiteral("classes.safetensors")),
        tr("Taught classes (*.safetensors)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    if (!path.endsWith(QLatin1String(".safetensors"))) path += QLatin1String(".safetensors");
    saveHead(path);
}

void TeachPanel::askOpen() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open taught classes"), dialogStartFolder(),
        tr("Taught classes (*.safetensors)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    openHead(path);
}

void TeachPanel::askNewClass() {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New class"), tr("Name of the class:"),
                                               QLineEdit::Normal, tr("Class %1").arg(classCount() + 1), &ok);
    if (ok) addClass(name);
}

void TeachPanel::askRename() {
    const int c = selectedClass();
    if (c < 0) return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename class"), tr("Name of the class:"),
                                               QLineEdit::Normal, className(c), &ok);
    if (ok) renameClass(c, name);
}

void TeachPanel::askFiles() {
    QStringList patterns;
    for (const QByteArray& f : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(f);
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add example images"), dialogStartFolder(),
        tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))));
    if (files.isEmpty()) return;
    rememberDialogFolder(files.front());
    addExamples(selectedClass(), files);
}

void TeachPanel::askFolder() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Add the images of a folder"), dialogStartFolder());
    if (!folder.isEmpty()) rememberDialogFolder(folder);
    if (!folder.isEmpty() && addFolder(selectedClass(), folder) == 0)
        setWordedMessage(
            [=] { return tr("%1 holds no images this program can read.").arg(folder); }, true);
}

void TeachPanel::askClassFolders() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("A folder with one subfolder per class"), dialogStartFolder());
    if (folder.isEmpty()) return;
    rememberDialogFolder(folder);
    addClassFolders(folder);
}

void TeachPanel::pasteImage() {
    const QImage image = QGuiApplication::clipboard()->image();
    if (image.isNull()) {
        setWordedMessage(
            [=] { return tr("The clipboard holds no image: copy one in another program first."); },
            true);
        return;
    }
    addImage(selectedClass(), image);
}

}  // namespace ds::ui
