/** Small Ink building blocks shared by the dashboard's screens. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { inkColor, type Tone } from '../format.js';

export interface CellProps {
  width: number;
  children: ReactNode;
  color?: Tone;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  align?: 'left' | 'right';
}

/** A fixed-width cell that truncates its text with … instead of wrapping. */
export function Cell({ width, children, color, bold, dim, inverse, align = 'left' }: CellProps) {
  if (width <= 0) return null;
  return (
    <Box width={width} flexShrink={0} justifyContent={align === 'right' ? 'flex-end' : 'flex-start'}>
      <Text wrap="truncate-end" color={inkColor(color)} bold={bold} dimColor={dim} inverse={inverse}>
        {children}
      </Text>
    </Box>
  );
}

/** `label` in a fixed dim column, then the content. */
export function Field({
  label,
  width = 11,
  children,
}: {
  label: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Box>
      <Box width={width} flexShrink={0}>
        <Text bold>{label}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        {children}
      </Box>
    </Box>
  );
}

/** A one-line banner across the screen. */
export function Banner({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Box paddingX={1}>
      <Text color={inkColor(tone)} bold wrap="truncate-end">
        {children}
      </Text>
    </Box>
  );
}

export interface KeyHint {
  key: string;
  label: string;
  disabled?: boolean;
}

/** `↑↓ select  ⏎ detail  q quit`: keys bold, labels dim; disabled ones struck through. */
export function KeyHints({ hints }: { hints: KeyHint[] }) {
  return (
    <Box paddingX={1}>
      <Text wrap="truncate-end">
        {hints.map((hint, index) => (
          <Text key={hint.key}>
            {index > 0 ? '  ' : ''}
            <Text bold={!hint.disabled} color={hint.disabled ? 'gray' : 'cyan'} strikethrough={hint.disabled}>
              {hint.key}
            </Text>
            <Text dimColor> {hint.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
