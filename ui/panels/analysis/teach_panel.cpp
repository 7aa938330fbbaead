// The Teach tab's widgets, its classes and their examples (teach_panel.h).
#include "teach_panel.h"

#include <QButtonGroup>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

#include "chart_style.h"
#include "flow_layout.h"
#include "image_files.h"
#include "teach_job.h"
#include "teach_results.h"

namespace ds::ui {

namespace {

QListWidget* iconList(QWidget* parent) {
    auto* list = new QListWidget(parent);
    list->setViewMode(QListView::IconMode);
    list->setResizeMode(QListView::Adjust);
    list->setMovement(QListView::Static);
    list->setUniformItemSizes(true);
    list->setWrapping(true);
    list->setSpacing(2);
    return list;
}

QWidget* flowOf(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* box = new QWidget(parent);
    auto* flow = new FlowLayout(box);
    flow->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : widgets) flow->addWidget(w);
    return box;
}

}  // namespace

TeachPanel::TeachPanel(QWidget* parent)
    : AnalysisPanel(parent), m_cache(std::make_shared<ds::FeatureCache>()) {
    buildWidgets();
    retranslate();
    refreshClasses();
    updateButtons();
}

TeachPanel::~TeachPanel() = default;

void TeachPanel::buildWidgets() {
    auto* layout = scrollingContent(QStringLiteral("teachScroll"));
    QWidget* content = layout->parentWidget();
    const auto label = [content] {
        auto* l = new QLabel(content);
        l->setWordWrap(true);
        return l;
    };
    m_intro = label();
    m_classesTitle = label();
    m_classList = new QListWidget(content);
    m_classList->setObjectName(QStringLiteral("teachClasses"));
    m_newClass = new QPushButton(content);
    m_addClassFolders = new QPushButton(content);
    m_addClassFolders->setObjectName(QStringLiteral("teachAddClassFolders"));
    m_rename = new QPushButton(content);
    m_delete = new QPushButton(content);
    m_examplesTitle = label();
    m_examples = iconList(content);
    m_examples->setObjectName(QStringLiteral("teachExamples"));
    m_examples->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_addFiles = new QPushButton(content);
    m_addFolder = new QPushButton(content);
    m_paste = new QPushButton(content);
    m_addCurrent = new QPushButton(content);
    m_removeExamples = new QPushButton(content);
    m_capture = new QPushButton(content);
    m_capture->setObjectName(QStringLiteral("teachCapture"));
    m_train = new QPushButton(content);
    m_train->setDefault(true);
    m_cancel = new QPushButton(content);
    m_progress = new QProgressBar(content);
    m_status = label();
    m_plot = new QCustomPlot(content);
    setUpTeachCurve(m_plot);
    m_accuracy = label();
    m_accuracy->setTextFormat(Qt::RichText);
    m_confusion = new ConfusionGrid(content);
    m_mistakesTitle = label();
    m_mistakes = iconList(content);
    m_mistakes->setObjectName(QStringLiteral("teachMistakes"));
    m_mistakes->hide();  // until a training has mistakes to show
    m_useTitle = label();
    m_imagenet = new QRadioButton(content);
    m_taught = new QRadioButton(content);
    m_use = new QButtonGroup(this);
    m_use->addButton(m_imagenet);
    m_use->addButton(m_taught);
    m_imagenet->setChecked(true);
    m_save = new QPushButton(content);
    m_open = new QPushButton(content);
    m_messageLabel = label();
    m_messageLabel->setObjectName(QStringLiteral("teachMessage"));
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_howItWorks = label();
    m_howItWorks->setTextFormat(Qt::RichText);

    auto* left = new QVBoxLayout;
    left->addWidget(m_classesTitle);
    left->addWidget(m_classList, 1);
    left->addWidget(flowOf(content, {m_newClass, m_addClassFolders, m_rename, m_delete}));
    left->addWidget(m_examplesTitle);
    left->addWidget(m_examples, 2);
    left->addWidget(flowOf(content, {m_addFiles, m_addFolder, m_paste, m_addCurrent, m_capture,
                                     m_removeExamples}));
    auto* middle = new QVBoxLayout;
    middle->addWidget(flowOf(content, {m_train, m_cancel}));
    middle->addWidget(m_progress);
    middle->addWidget(m_status);
    middle->addWidget(m_plot, 1);
    auto* right = new QVBoxLayout;  // what to do with the result first, then the result
    right->addWidget(m_useTitle);
    right->addWidget(flowOf(content, {m_imagenet, m_taught, m_save, m_open}));
    right->addWidget(m_messageLabel);
    right->addWidget(m_accuracy);
    right->addWidget(m_confusion);
    right->addWidget(m_mistakesTitle);
    right->addWidget(m_mistakes, 1);
    right->addStretch();
    // Three columns in a wide dock; in a narrower one the curve and the results stack beside
    // the classes, and in a narrow one everything stacks (the tab scrolls): see resizeEvent.
    m_results = new QBoxLayout(QBoxLayout::LeftToRight);
    m_results->addLayout(middle, 1);
    m_results->addLayout(right, 1);
    m_columns = new QBoxLayout(QBoxLayout::LeftToRight);
    m_columns->addLayout(left, 1);
    m_columns->addLayout(m_results, 2);
    layout->addWidget(m_intro);
    layout->addLayout(m_columns, 1);
    layout->addWidget(m_howItWorks);

    applySizes();

    connect(m_classList, &QListWidget::currentRowChanged, this, [this] {
        refreshExamples();
        updateButtons();
    });
    connect(m_examples, &QListWidget::itemSelectionChanged, this, &TeachPanel::updateButtons);
    connect(m_newClass, &QPushButton::clicked, this, &TeachPanel::askNewClass);
    connect(m_rename, &QPushButton::clicked, this, &TeachPanel::askRename);
    connect(m_addClassFolders, &QPushButton::clicked, this, &TeachPanel::askClassFolders);
    connect(m_delete, &QPushButton::clicked, this, [this] { removeClass(selectedClass()); });
    connect(m_addFiles, &QPushButton::clicked, this, &TeachPanel::askFiles);
    connect(m_addFolder, &QPushButton::clicked, this, &TeachPanel::askFolder);
    connect(m_paste, &QPushButton::clicked, this, &TeachPanel::pasteImage);
    connect(m_addCurrent, &QPushButton::clicked, this, [this] { addCurrentImage(selectedClass()); });
    connect(m_capture, &QPushButton::pressed, this, &TeachPanel::startCapture);
    connect(m_capture, &QPushButton::released, this, &TeachPanel::stopCapture);
    connect(m_removeExamples, &QPushButton::clicked, this, [this] {
        const int c = selectedClass();
        if (c < 0) return;
        for (auto* item : m_examples->selectedItems())
            m_classes[size_t(c)].files.removeAll(item->data(Qt::UserRole).toString());
        refreshClasses();
    });
    connect(m_train, &QPushButton::clicked, this, &TeachPanel::train);
    connect(m_cancel, &QPushButton::clicked, this, &TeachPanel::cancelTraining);
    connect(m_taught, &QRadioButton::clicked, this, [this] { useTaughtClasses(true); });
    connect(m_imagenet, &QRadioButton::clicked, this, [this] { useTaughtClasses(false); });
    connect(m_save, &QPushButton::clicked, this, &TeachPanel::askSave);
    connect(m_open, &QPushButton::clicked, this, &TeachPanel::askOpen);
}

void TeachPanel::applySizes() {
    // From the font, so that zooming keeps the lists and the curve readable.
    const QFontMetrics fm(font());
    m_classList->setMinimumHeight(fm.height() * 5);
    m_examples->setMinimumHeight(fm.height() * 6);
    m_mistakes->setMinimumHeight(fm.height() * 5);
    m_plot->setMinimumSize(fm.averageCharWidth() * 24, fm.height() * 10);
    applyChartFont(m_plot, font());
}

void TeachPanel::resizeEvent(QResizeEvent* event) {
    AnalysisPanel::resizeEvent(event);
    const int chars = width() / std::max(1, fontMetrics().averageCharWidth());
    m_columns->setDirection(chars >= 70 ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    m_results->setDirection(chars >= 115 ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void TeachPanel::retranslate() {
    m_intro->setText(tr("Teach the network your own classes: make a class for each kind of "
                        "thing, give each class examples, then press Train."));
    m_classesTitle->setText(tr("<b>Classes</b>"));
    m_newClass->setText(tr("&New class"));
    m_addClassFolders->setText(tr("Classes from folder…"));
    m_addClassFolders->setToolTip(
        tr("Pick a folder with one subfolder per class: each subfolder becomes a class (named "
           "after it) with its images, in one step."));
    m_rename->setText(tr("Rename…"));
    m_delete->setText(tr("Delete"));
    m_addFiles->setText(tr("Add images…"));
    m_addFolder->setText(tr("Add folder…"));
    m_paste->setText(tr("Paste image"));
    m_addCurrent->setText(tr("Add current image"));
    m_addCurrent->setToolTip(tr("Add the image the window shows now to the selected class."));
    m_capture->setText(tr("Hold to capture (C)"));
    m_removeExamples->setText(tr("Remove"));
    m_train->setText(tr("&Train"));
    m_cancel->setText(tr("Cancel"));
    m_useTitle->setText(tr("<b>Predictions from</b>"));
    m_imagenet->setText(tr("ImageNet classes"));
    m_taught->setText(tr("Taught classes"));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Save the taught classes as one .safetensors file."));
    m_open->setText(tr("Open…"));
    m_open->setToolTip(tr("Open taught classes saved before (a .safetensors head file)."));
    m_howItWorks->setText(tr(
        "<b>How this works.</b> The network itself does not change: every example runs once "
        "through DenseNet, and the average of its last feature maps (after the final ReLU, one "
        "number per channel) describes the image. A new, small classifier (one weight per "
        "channel and class) learns to tell your classes apart from these numbers. A fifth of "
        "each class is held out: the classifier never trains on those images, so its accuracy "
        "on them shows how well it recognises images it has not seen. Even untrained (random) "
        "weights give features good enough for clear differences in shape and colour."));
    retranslateTeachCurve(m_plot);
    refreshClasses();
    if (m_finished)
        showResult();
    else if (m_head && !m_headSource.isEmpty())
        showOpenedHead();
    if (m_makeMessage) setWordedMessage(m_makeMessage, m_messageIsError);
}

void TeachPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    if (event->type() == QEvent::FontChange) {
        applySizes();
        m_thumbnails.clear();  // the icons follow the zoom
        refreshExamples();
    }
    AnalysisPanel::changeEvent(event);
}

QString TeachPanel::className(int index) const {
    return index >= 0 && index < classCount() ? m_classes[size_t(index)].name : QString();
}

QStringList TeachPanel::examples(int index) const {
    return index >= 0 && index < classCount() ? m_classes[size_t(index)].files : QStringList();
}

int TeachPanel::addClass(const QString& name) {
    QString n = name.trimmed();
    if (n.isEmpty()) n = tr("Class %1").arg(classCount() + 1);
    m_classes.push_back({n, {}});
    refreshClasses();
    m_classList->setCurrentRow(classCount() - 1);
    return classCount() - 1;
}

void TeachPanel::renameClass(int index, const QString& name) {
    if (index < 0 || index >= classCount() || name.trimmed().isEmpty()) return;
    m_classes[size_t(index)].name = name.trimmed();
    refreshClasses();
}

void TeachPanel::removeClass(int index) {
    if (index < 0 || index >= classCount()) return;
    m_classes.erase(m_classes.begin() + index);
    refreshClasses();
}

int TeachPanel::addExamples(int index, const QStringList& files) {
    if (index < 0 || index >= classCount()) {
        setWordedMessage([=] { return tr("Make or pick a class first, then add its examples."); },
                         true);
        return 0;
    }
    QStringList& list = m_classes[size_t(index)].files;
    int added = 0;
    for (const QString& file : files) {
        const QFileInfo info(file);
        if (!info.isFile() || list.contains(info.absoluteFilePath())) continue;
        list << info.absoluteFilePath();
        ++added;
    }
    refreshClasses();
    return added;
}

int TeachPanel::addFolder(int index, const QString& folder) {
    return addExamples(index, ds::imageFilesIn(folder));
}

QString TeachPanel::sessionFile(const QString& className) {
    if (!m_session) m_session = std::make_unique<QTemporaryDir>();
    QString safe = className;
    safe.replace(QRegularExpression(QStringLiteral("[^\\w-]")), QStringLiteral("_"));
    return m_session->filePath(QStringLiteral("%1-%2.png").arg(safe).arg(++m_sessionCount));
}

bool TeachPanel::addImage(int index, const QImage& image) {
    if (index < 0 || index >= classCount() || image.isNull()) return false;
    const QString file = sessionFile(className(index));
    if (!m_session->isValid() || !image.save(file, "PNG")) {
        setWordedMessage(
            [=] { return tr("Cannot keep the image: the temporary folder is not writable."); },
            true);
        return false;
    }
    return addExamples(index, {file}) == 1;
}

bool TeachPanel::addCurrentImage(int index) {
    const QFileInfo source(m_currentSource);
    if (!m_currentSource.startsWith(QLatin1Char(':')) && source.isFile())
        return addExamples(index, {source.absoluteFilePath()}) == 1;
    return addImage(index, m_currentImage);
}

int TeachPanel::loadDataFolder(const QString& folder) {
    const QDir dir(folder);
    QStringList subfolders = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable);
    std::sort(subfolders.begin(), subfolders.end(), ds::naturalLess);
    m_classes.clear();
    for (const QString& sub : subfolders)
        m_classes.push_back({sub, ds::imageFilesIn(dir.filePath(sub))});
    refreshClasses();
    m_classList->setCurrentRow(classCount() > 0 ? 0 : -1);
    return classCount();
}

int TeachPanel::addClassFolders(const QString& folder) {
    const QDir dir(folder);
    QStringList subfolders = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable);
    std::sort(subfolders.begin(), subfolders.end(), ds::naturalLess);
    int classes = 0, images = 0, first = -1;
    for (const QString& sub : subfolders) {
        const QStringList files = ds::imageFilesIn(dir.filePath(sub));
        if (files.isEmpty()) continue;
        int index = -1;
        for (int c = 0; c < classCount(); ++c)
            if (className(c) == sub) index = c;
        if (index < 0) {
            m_classes.push_back({sub, {}});
            index = classCount() - 1;
        }
        QStringList& list = m_classes[size_t(index)].files;
        const int before = int(list.size());
        for (const QString& file : files) {
            const QString path = QFileInfo(file).absoluteFilePath();
            if (!list.contains(path)) list << path;
        }
        images += int(list.size()) - before;
        ++classes;
        if (first < 0) first = index;
    }
    refreshClasses();
    if (classes == 0) {
        setMessage(tr("%1 has no subfolders with images. Make one subfolder per class, named "
                      "after the class, with that class's images in it.")
                       .arg(QDir::toNativeSeparators(folder)),
                   true);
        return 0;
    }
    m_classList->setCurrentRow(first);
    setMessage(tr("%1 images in %2 classes added from %3.")
                   .arg(images)
                   .arg(classes)
                   .arg(QDir::toNativeSeparators(folder)),
               false);
    return images;
}

int TeachPanel::selectedClass() const { return m_classList->currentRow(); }

void TeachPanel::refreshClasses() {
    const int row = std::min(m_classList->currentRow(), classCount() - 1);
    const QSignalBlocker block(m_classList);
    m_classList->clear();
    for (const auto& c : m_classes)
        m_classList->addItem(c.files.size() == 1 ? tr("%1 (1 example)").arg(c.name)
                                                 : tr("%1 (%2 examples)").arg(c.name).arg(c.files.size()));
    m_classList->setCurrentRow(row < 0 && classCount() > 0 ? 0 : row);
    refreshExamples();
    updateButtons();
}

QIcon TeachPanel::thumbnail(const QString& path) {
    if (auto it = m_thumbnails.find(path); it != m_thumbnails.end()) return *it;
    const int side = fontMetrics().height() * 4;
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(side, side, Qt::KeepAspectRatio));
    const QImage image = reader.read();
    QIcon icon = image.isNull() ? QIcon() : QIcon(QPixmap::fromImage(image));
    m_thumbnails.insert(path, icon);
    return icon;
}

void TeachPanel::refreshExamples() {
    const int side = fontMetrics().height() * 4;
    m_examples->setIconSize(QSize(side, side));
    m_mistakes->setIconSize(QSize(side, side));
    m_examples->clear();
    const int c = selectedClass();
    m_examplesTitle->setText(c >= 0 ? tr("<b>Examples of %1</b>").arg(className(c).toHtmlEscaped())
                                    : tr("<b>Examples</b> (make a class first)"));
    if (c < 0) return;
    for (const QString& file : m_classes[size_t(c)].files) {
        auto* item = new QListWidgetItem(thumbnail(file), QString(), m_examples);
        item->setToolTip(QDir::toNativeSeparators(file));
        item->setData(Qt::UserRole, file);
    }
}

void TeachPanel::updateButtons() {
    const bool picked = selectedClass() >= 0;
    m_rename->setEnabled(picked);
    m_delete->setEnabled(picked && !training());
    for (QPushButton* b : {m_addFiles, m_addFolder, m_paste}) b->setEnabled(picked);
    m_addCurrent->setEnabled(picked && !m_currentImage.isNull());
    updateCaptureButton();
    m_removeExamples->setEnabled(picked && !m_examples->selectedItems().isEmpty());
    m_train->setEnabled(!training() && classCount() >= 2 && worker());
    m_cancel->setEnabled(training());
    m_taught->setEnabled(m_head != nullptr);
    m_save->setEnabled(m_head != nullptr);
}

}  // namespace ds::ui
