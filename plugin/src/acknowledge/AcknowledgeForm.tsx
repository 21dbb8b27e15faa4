import React, { useState } from 'react';
import { Button, Field, Input, Select, TextArea } from '@grafana/ui';
import { testIds } from '../shared/test-ids';

export interface AcknowledgeValues {
  author: string;
  comment: string;
  durationSeconds: number;
}

const DURATIONS = [
  { label: '1 hour', value: 3600 },
  { label: '4 hours', value: 4 * 3600 },
  { label: '1 day', value: 86_400 },
  { label: '1 week', value: 7 * 86_400 },
];

interface Props {
  alertName: string;
  defaultAuthor: string;
  submitting: boolean;
  onSubmit: (values: AcknowledgeValues) => void;
}

/** Author, comment and duration of a silence for one firing alert. */
export function AcknowledgeForm({ alertName, defaultAuthor, submitting, onSubmit }: Props) {
  const [author, setAuthor] = useState(defaultAuthor);
  const [comment, setComment] = useState('');
  const [durationSeconds, setDuration] = useState(DURATIONS[0]!.value);
  const valid = author.trim() !== '' && comment.trim() !== '';
  return (
    <form
      data-testid={testIds.acknowledgeForm}
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) {
          onSubmit({ author: author.trim(), comment: comment.trim(), durationSeconds });
        }
      }}
    >
      <Field label="Author" required>
        <Input id="perflens-ack-author" value={author} onChange={(e) => setAuthor(e.currentTarget.value)} />
      </Field>
      <Field label="Comment" description="Why the alert is acknowledged, and what is being done." required>
        <TextArea id="perflens-ack-comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
      </Field>
      <Field label="Duration">
        <Select
          inputId="perflens-ack-duration"
          width={20}
          options={DURATIONS}
          value={durationSeconds}
          onChange={(option) => setDuration(option.value ?? DURATIONS[0]!.value)}
        />
      </Field>
      <Button type="submit" icon="bell-slash" disabled={!valid || submitting}>
        {`Silence ${alertName}`}
      </Button>
    </form>
  );
}
