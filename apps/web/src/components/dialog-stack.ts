/**
 * Open modal dialogs, innermost last. While any is open the page behind them (#app) is inert: not
 * focusable, not clickable, hidden from assistive technology. Keys go to the innermost dialog.
 */
const stack: symbol[] = [];

function setPageInert(inert: boolean): void {
  const app = document.getElementById('app');
  if (app) app.inert = inert;
}

export function pushDialog(id: symbol): void {
  stack.push(id);
  setPageInert(true);
}

export function popDialog(id: symbol): void {
  const index = stack.indexOf(id);
  if (index >= 0) stack.splice(index, 1);
  if (stack.length === 0) setPageInert(false);
}

export function isTopDialog(id: symbol): boolean {
  return stack.at(-1) === id;
}
