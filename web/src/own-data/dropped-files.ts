/**
 * The files of a drop, folders walked (every file in them, at any depth): what a person drops on the
 * page, a model file, PNG pictures or a whole folder of them. Entries must be taken during the drop
 * event; they are read afterwards.
 */
export function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  // A drop made by a script (or a browser without entries) has its files, not entries.
  if (entries.some((entry) => entry === null)) return Promise.resolve(Array.from(transfer.files));
  return Promise.all(entries.map((entry) => filesOf(entry!))).then((lists) => lists.flat());
}

/** Whether the files are pictures or a dataset for "Your own data" rather than a model file to open. */
export function isPictureDrop(files: File[]): boolean {
  return files.length > 1 || files.some((file) => /\.png$/i.test(file.name) || file.webkitRelativePath.includes('/'));
}

async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries gives a folder's entries in batches, until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const lists = await Promise.all(children.map(filesOf));
  return lists.flat().map((file) => (file.webkitRelativePath ? file : withFolder(file, entry.name)));
}

/** The file named as within its folder ("faces/smile.png"), as a folder picker names it. */
function withFolder(file: File, folder: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: `${folder}/${file.name}` });
  return file;
}
